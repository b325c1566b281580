import { AdaptersMessages } from '../adapters.messages';

/** A statement on a transaction's adapter (`tx`) after that transaction committed or rolled back. */
export class SqlTransactionFinishedError extends Error {
  override readonly name = 'SqlTransactionFinishedError';

  constructor() {
    super(AdaptersMessages.sqlTransactionFinished());
  }
}
