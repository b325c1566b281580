/** A migrations directory or file could not be read or loaded. */
export class MigrationLoadError extends Error {
  constructor(
    message: string,
    readonly file: string,
    override readonly cause?: unknown,
  ) {
    super(message);
    this.name = 'MigrationLoadError';
  }
}
