import { redactCredentials } from '@acb/common';
import { AdaptersMessages } from '../adapters.messages';

/** An adapter that could not connect within its bounded retry. The message names the host and port. */
export class AdapterConnectionError extends Error {
  override readonly name = 'AdapterConnectionError';

  constructor(
    readonly category: string,
    readonly adapterName: string,
    readonly target: string,
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(redactCredentials(AdaptersMessages.connectFailed(category, adapterName, target, attempts, describeCause(cause))));
  }
}

function describeCause(cause: unknown): string {
  if (cause instanceof AggregateError && cause.errors.length > 0) {
    return cause.errors.map((error) => describeCause(error)).join('; ');
  }
  if (cause instanceof Error) return cause.message || cause.name;
  return String(cause);
}
