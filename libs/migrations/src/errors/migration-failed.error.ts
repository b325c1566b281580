/** A migration's up() or down() threw; its transaction was rolled back (unless `transactional = false`). */
export class MigrationFailedError extends Error {
  constructor(
    message: string,
    /** The migration's version. */
    readonly version: string,
    /** `up` (migrate) or `down` (rollback). */
    readonly direction: 'up' | 'down',
    /** The SQL statement that failed, when the failure came from one. */
    readonly statement: string | undefined,
    /** What up()/down() threw. */
    override readonly cause: unknown,
  ) {
    super(message);
    this.name = 'MigrationFailedError';
  }
}
