/** The backing server (Redis, PostgreSQL) cannot be reached; the message names host and port. */
export class NoSqlConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NoSqlConnectionError';
  }
}
