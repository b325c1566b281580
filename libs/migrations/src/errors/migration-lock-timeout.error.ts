/** Another process held the migration lock for longer than `lockTimeoutMs`. Nothing was applied. */
export class MigrationLockTimeoutError extends Error {
  constructor(
    message: string,
    /** Who holds the lock, as far as the database tells (host, pid, application). */
    readonly holder: string,
  ) {
    super(message);
    this.name = 'MigrationLockTimeoutError';
  }
}
