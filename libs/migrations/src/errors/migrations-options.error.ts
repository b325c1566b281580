/** AcbMigrationsModule or MigrationRunner options are invalid, or a needed adapter is missing; thrown at start. */
export class MigrationsOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MigrationsOptionsError';
  }
}
