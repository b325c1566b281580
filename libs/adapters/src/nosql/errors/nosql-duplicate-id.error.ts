import { NOSQL_MESSAGES } from '../nosql.messages';

/** `insertOne`/`insertMany` with an `_id` that the collection already holds (or that repeats inside one batch). */
export class NoSqlDuplicateIdError extends Error {
  constructor(
    readonly collection: string,
    readonly id: string,
  ) {
    super(NOSQL_MESSAGES.duplicateId(collection, id));
    this.name = 'NoSqlDuplicateIdError';
  }
}
