import type { NoSqlAdapter, SqlAdapter } from '@acb/adapters';
import { MigrationsMessages } from './migrations.messages';

/** What `this.logger` of a migration offers (Nest's `Logger` has it). */
export interface MigrationLogger {
  log(message: string, ...optional: unknown[]): void;
  warn(message: string, ...optional: unknown[]): void;
  error(message: string, ...optional: unknown[]): void;
  debug?(message: string, ...optional: unknown[]): void;
}

/** @internal What the runner hands a migration for one up()/down() call. */
export interface MigrationContext {
  sql: SqlAdapter;
  nosql?: NoSqlAdapter;
  logger: MigrationLogger;
}

const CONTEXT = Symbol('acb:migration-context');

/**
 * A schema or data migration. Subclass it, set `version` and `description`, write `up()` and (to make it
 * reversible) `down()`:
 *
 * ```ts
 * export class CreateUsersTable extends Migration {
 *   version = '001';
 *   description = 'Create users table';
 *   async up() { await this.sql.execute('CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT NOT NULL)'); }
 *   async down() { await this.sql.execute('DROP TABLE users'); }
 * }
 * ```
 *
 * The runner constructs it with `new` (no arguments) and, while `up()`/`down()` run, `this.sql` is the sql adapter
 * bound to the migration's transaction (so everything it does commits or rolls back with the history row),
 * `this.nosql` the nosql adapter, `this.logger` a logger named after the migration.
 *
 * A migration without `down()`, or whose `down()` throws `IrreversibleMigrationError`, is irreversible: a rollback
 * past it fails before anything changes.
 */
export abstract class Migration {
  /** Orders migrations naturally ('2' < '10', '1.2.10', timestamps) and identifies them in the history. */
  abstract readonly version: string;
  /** One line saying what the migration does (shown by status and the CLI). */
  abstract readonly description: string;
  /** Versions (of any directory or library) that must be applied before this one. @default [] */
  readonly dependsOn: readonly string[] = [];
  /**
   * Run `up()`/`down()` and the history write in one transaction. Set `false` for statements a transaction refuses
   * (PostgreSQL `CREATE INDEX CONCURRENTLY`); a failure then may leave part of the work done.
   * @default true
   */
  readonly transactional: boolean = true;

  /** @internal */
  [CONTEXT]?: MigrationContext;

  /** Applies the migration. */
  abstract up(): Promise<void>;
  /** Reverts `up()`. Leave it out (or throw `IrreversibleMigrationError`) when it cannot be reverted. */
  down?(): Promise<void>;

  /** The sql adapter, inside this migration's transaction. */
  protected get sql(): SqlAdapter {
    return this.context('sql').sql;
  }

  /** The nosql adapter (for data migrations of documents). */
  protected get nosql(): NoSqlAdapter {
    const nosql = this.context('nosql').nosql;
    if (!nosql) throw new Error(MigrationsMessages.noNoSql(String(this.version)));
    return nosql;
  }

  /** A logger named after this migration. */
  protected get logger(): MigrationLogger {
    return this.context('logger').logger;
  }

  private context(property: string): MigrationContext {
    const context = this[CONTEXT];
    if (!context) throw new Error(MigrationsMessages.outsideRun(property, String(this.version)));
    return context;
  }
}

/** @internal Runs `fn` with `context` bound to `migration` (this.sql, this.nosql, this.logger). */
export async function withMigrationContext<T>(migration: Migration, context: MigrationContext, fn: () => Promise<T>): Promise<T> {
  migration[CONTEXT] = context;
  try {
    return await fn();
  } finally {
    migration[CONTEXT] = undefined;
  }
}
