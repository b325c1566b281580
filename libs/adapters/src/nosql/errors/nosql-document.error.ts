/** A document that cannot be stored (not an object, bad `_id`, forbidden key, value that is not JSON). */
export class NoSqlDocumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NoSqlDocumentError';
  }
}
