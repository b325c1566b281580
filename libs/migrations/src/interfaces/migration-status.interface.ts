/** `pending`: not applied · `applied` · `changed`: applied, source changed since · `missing`: applied, class not known. */
export type MigrationState = 'pending' | 'applied' | 'changed' | 'missing';

/** One line of `MigrationRunner.status()`. */
export interface MigrationStatus {
  version: string;
  description: string;
  state: MigrationState;
  /** When it was applied (applied, changed, missing). */
  appliedAt?: Date;
  /** How long up() took, in ms (0 for a baseline record). */
  durationMs?: number;
  /** `host:pid` of the process that applied it. */
  appliedBy?: string;
  /** `applied`, or `baseline` when recorded by `baseline()` without running. */
  recordedAs?: 'applied' | 'baseline';
  /** The file (or class name) of a known migration. */
  source?: string;
}

/** One migration `plan()` says `migrate()` would run, in order. */
export interface PlannedMigration {
  version: string;
  description: string;
  source: string;
  dependsOn: readonly string[];
  transactional: boolean;
}

/** One migration applied or rolled back by `migrate()` / `rollback()` / `rollbackTo()`. */
export interface MigrationStep {
  version: string;
  description: string;
  direction: 'up' | 'down';
  durationMs: number;
}

/** What `migration.started`, `migration.completed` and `migration.failed` carry. */
export interface MigrationEventPayload {
  version: string;
  description: string;
  direction: 'up' | 'down';
  /** completed only. */
  durationMs?: number;
  /** failed only: the error message. */
  error?: string;
  /** failed only: the failing SQL statement, when known. */
  statement?: string;
}
