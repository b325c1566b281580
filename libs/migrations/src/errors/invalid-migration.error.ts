/** A class given (or discovered) as a migration is not one, or has no valid version. */
export class InvalidMigrationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidMigrationError';
  }
}
