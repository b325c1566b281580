import { AdaptersMessages } from '../adapters.messages';

/** An adapter name that no built-in or registered implementation answers to. Thrown at start. */
export class UnknownAdapterError extends Error {
  override readonly name = 'UnknownAdapterError';

  constructor(
    readonly category: string,
    readonly adapterName: string,
    readonly source: string,
    readonly validNames: string[],
  ) {
    super(AdaptersMessages.unknownAdapter(category, adapterName, source, validNames));
  }
}
