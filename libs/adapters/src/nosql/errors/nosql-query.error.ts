/** A query, sort or find option the nosql adapters cannot run (unknown operator, bad operand, forbidden key). */
export class NoSqlQueryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoSqlQueryError';
  }
}
