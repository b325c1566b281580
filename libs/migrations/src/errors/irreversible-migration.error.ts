/**
 * A migration cannot be rolled back. Throw it from `down()` (the seed's `raise NotImplementedError`); the runner
 * also throws it, naming the migration, when a rollback would pass an irreversible migration — before it changes
 * anything.
 */
export class IrreversibleMigrationError extends Error {
  /** The migration's version, when the runner raised it. */
  readonly version?: string;

  constructor(message = 'This migration cannot be rolled back.', version?: string) {
    super(message);
    this.name = 'IrreversibleMigrationError';
    this.version = version;
  }
}
