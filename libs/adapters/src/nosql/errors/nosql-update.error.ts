/** An update that cannot be applied (unknown operator, `$inc` on a non-number, a path through a scalar, `_id` change). */
export class NoSqlUpdateError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoSqlUpdateError';
  }
}
