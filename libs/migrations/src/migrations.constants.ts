/** Emitted before a migration runs (up or down): `{ version, description, direction }`. */
export const MIGRATION_STARTED = 'migration.started';
/** Emitted after a migration committed: `{ version, description, direction, durationMs }`. */
export const MIGRATION_COMPLETED = 'migration.completed';
/** Emitted after a migration failed and was rolled back: `{ version, description, direction, error, statement? }`. */
export const MIGRATION_FAILED = 'migration.failed';
