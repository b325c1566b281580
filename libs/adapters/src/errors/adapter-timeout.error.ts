import { AdaptersMessages } from '../adapters.messages';

/** A health ping that did not answer in time. */
export class AdapterTimeoutError extends Error {
  override readonly name = 'AdapterTimeoutError';

  constructor(
    readonly category: string,
    readonly adapterName: string,
    readonly timeoutMs: number,
  ) {
    super(AdaptersMessages.pingTimeout(category, adapterName, timeoutMs));
  }
}
