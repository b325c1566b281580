import type { NoSqlAdapter, SqlAdapter } from '@acb/adapters';
import type { MigrationLogger } from '../migration';
import type { MigrationInput } from './migration-source.interface';
import type { MigrationEventPayload, MigrationStep } from './migration-status.interface';

/** Where `migration.*` events go: `EventPublisher` of @acb/events fits. */
export interface MigrationEventSink {
  emit(name: string, payload: MigrationEventPayload): Promise<unknown>;
}

/** Options of `new MigrationRunner()` (the module builds it from AcbMigrationsModuleOptions). */
export interface MigrationRunnerOptions {
  /** The database migrated (and where the history table lives). */
  sql: SqlAdapter;
  /** For `this.nosql` in data migrations. */
  nosql?: NoSqlAdapter;
  /** The known migrations (more can be added with `add()`). */
  migrations?: readonly MigrationInput[];
  /** @default '_migrations' */
  table?: string;
  /** How long `migrate`/`rollback`/`baseline` wait for another process's lock before failing. @default 60000 */
  lockTimeoutMs?: number;
  /** How often a waiting runner tries the lock again. @default 100 */
  lockPollMs?: number;
  /** `migrate()` refuses to run when an applied migration changed or went missing. @default true */
  validateBeforeApply?: boolean;
  /** Accept changed/missing migrations: record the new checksum, drop missing ones from the history. @default false */
  acceptChanges?: boolean;
  /** `migration.started|completed|failed` go here (the events module's EventPublisher when present). */
  events?: MigrationEventSink;
  /** The runner's own log lines. @default Nest Logger('Migrations') */
  logger?: MigrationLogger;
  /** `this.logger` of each migration. @default Nest Logger(`Migration <version>`) */
  migrationLogger?: (version: string) => MigrationLogger;
  /** Called once per migration applied or rolled back (the CLI prints a progress line). */
  onProgress?: (step: MigrationStep & { state: 'started' | 'completed' | 'failed' }) => void;
  /** Recorded in the history's applied_by. @default `<hostname>:<pid>` */
  appliedBy?: string;
}
