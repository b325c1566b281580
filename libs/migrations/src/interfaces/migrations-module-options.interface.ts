import type { MigrationInput } from './migration-source.interface';

/** Options of `AcbMigrationsModule.forRoot()` (defaults from `settings/migrations.yml` when composed by AcbModule). */
export interface AcbMigrationsModuleOptions {
  /**
   * Directory (or directories) of migration files, relative to the working directory, loaded at start when
   * `autoDiscover` is on. A missing directory is skipped with a log line.
   * @default 'migrations'
   */
  directory?: string | readonly string[];
  /** File pattern inside `directory`. @default '*.{ts,js}' */
  pattern?: string;
  /** Load the files of `directory` at start. @default true */
  autoDiscover?: boolean;
  /** The history table. @default '_migrations' */
  table?: string;
  /** `migrate()` refuses to run when an applied migration changed or went missing. @default true */
  validateBeforeApply?: boolean;
  /** Accept changed/missing applied migrations (record the new checksum / drop the row). @default false */
  acceptChanges?: boolean;
  /** Apply pending migrations while the application starts (before it listens). @default false */
  runOnStartup?: boolean;
  /** How long to wait for another process's migration lock, in ms. @default 60000 */
  lockTimeoutMs?: number;
  /** Migration classes of the application (libraries add theirs with `AcbMigrationsModule.forFeature`). @default [] */
  migrations?: readonly MigrationInput[];
}
