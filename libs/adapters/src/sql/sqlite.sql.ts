import * as fs from 'node:fs';
import * as path from 'node:path';
import { LRUCache } from 'lru-cache';
import type { DataSourceOptions, QueryRunner } from 'typeorm';
import type { AdapterContext } from '../interfaces/adapter-context.interface';
import { AsyncLock } from './async-lock';
import type { SqlAdapterContext } from './sql-adapter-context.interface';
import type { SqlAdapter, SqlExecuteResult } from './sql.adapter';
import { SAFE_DATA_SOURCE_OPTIONS, TypeOrmSqlAdapter } from './typeorm-sql.adapter';
import { requireOptionalPeer } from '@acb/common';
import { durationSetting } from '../settings/duration-setting';

/** The slice of a better-sqlite3 statement the adapter uses. */
interface Statement {
  readonly reader: boolean;
  readonly readonly: boolean;
  run(...params: unknown[]): { changes: number };
  all(...params: unknown[]): unknown[];
}

interface Database {
  prepare(sql: string): Statement;
  exec(sql: string): unknown;
}

/** @default 'data/acb.sqlite' (relative to the working directory). */
export const DEFAULT_SQLITE_DATABASE = 'data/acb.sqlite';

/**
 * `sqlite`: better-sqlite3 through TypeORM, the embedded default.
 * Settings (`settings/sql.yml`): `database` (file path, default `data/acb.sqlite`, its directory is created;
 * `:memory:` for tests), `busy_timeout` (5 seconds), `logging` (false).
 * SQLite has one connection: transactions run one at a time and statements from outside a running transaction wait
 * for it to finish (so they never land inside it).
 */
export class SqliteSqlAdapter extends TypeOrmSqlAdapter {
  readonly name = 'sqlite';
  readonly dialect = 'sqlite' as const;
  readonly target: string;
  private readonly lock = new AsyncLock();
  private readonly statements = new LRUCache<string, Statement>({ max: 500 });

  constructor(context: SqlAdapterContext) {
    super(context);
    this.target = databasePath(context);
  }

  static override dataSourceOptions(context: AdapterContext): DataSourceOptions {
    const settings = context.settings;
    return {
      type: 'better-sqlite3',
      // NOTE: handed to TypeORM so a missing driver is our clear error, not TypeORM's.
      driver: requireOptionalPeer('better-sqlite3', 'the sqlite sql adapter', () => require('better-sqlite3')),
      database: databasePath(context),
      timeout: durationSetting(settings, 'busyTimeout', 5000, 'sql'),
      logging: settings.logging === true,
      ...SAFE_DATA_SOURCE_OPTIONS,
    };
  }

  override async connect(): Promise<void> {
    if (this.target !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(this.target)), { recursive: true });
    await super.connect();
    this.statements.clear();
  }

  override async close(): Promise<void> {
    this.statements.clear();
    await super.close();
  }

  override async ping(): Promise<void> {
    this.run('SELECT 1', []);
  }

  protected override runTransaction<T>(fn: (tx: SqlAdapter) => Promise<T>): Promise<T> {
    return this.lock.run(() => super.runTransaction(fn));
  }

  protected override runOutsideTransaction(sql: string, params: unknown[]): Promise<SqlExecuteResult> {
    return this.lock.run(async () => this.run(sql, params));
  }

  protected async runStatement(sql: string, params: unknown[], _queryRunner: QueryRunner | undefined): Promise<SqlExecuteResult> {
    // NOTE: one connection: the QueryRunner of a transaction and the DataSource share the same database handle.
    return this.run(sql, params);
  }

  private run(sql: string, params: unknown[]): SqlExecuteResult {
    let statement: Statement;
    try {
      statement = this.statement(sql);
    } catch (error) {
      if (params.length === 0 && /more than one statement/.test(String((error as { message?: unknown } | null)?.message))) {
        return this.runScript(sql);
      }
      throw error;
    }
    const values = params.map(toSqliteValue);
    if (!statement.reader) return { affected: statement.run(...values).changes, rows: [] };
    const rows = statement.all(...values) as Record<string, unknown>[];
    // NOTE: a reader that writes is INSERT/UPDATE/DELETE ... RETURNING: one returned row per changed row.
    return { affected: statement.readonly ? 0 : rows.length, rows };
  }

  /** Several statements without parameters (a migration script), like PostgreSQL's simple query protocol. */
  private runScript(sql: string): SqlExecuteResult {
    const before = this.totalChanges();
    this.database().exec(sql);
    return { affected: this.totalChanges() - before, rows: [] };
  }

  private totalChanges(): number {
    return (this.statement('SELECT total_changes() AS n').all()[0] as { n: number }).n;
  }

  private database(): Database {
    return (this.dataSource.driver as unknown as { databaseConnection: Database }).databaseConnection;
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.database().prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }
}

function databasePath(context: AdapterContext): string {
  const database = context.settings.database;
  return typeof database === 'string' && database.length > 0 ? database : DEFAULT_SQLITE_DATABASE;
}

/** better-sqlite3 binds numbers, strings, bigints, Buffers and null only. */
function toSqliteValue(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (value instanceof Date) return value.toISOString();
  if (Buffer.isBuffer(value) || typeof value !== 'object') return value;
  return JSON.stringify(value);
}
