/** A version asked for (`migrate({ to })`, `rollbackTo`, `baseline`) is not known or not in the needed state. */
export class UnknownMigrationVersionError extends Error {
  constructor(
    message: string,
    readonly version: string,
  ) {
    super(message);
    this.name = 'UnknownMigrationVersionError';
  }
}
