import { AsyncLocalStorage } from 'node:async_hooks';
import { LRUCache } from 'lru-cache';
import type { DataSource, DataSourceOptions, QueryRunner } from 'typeorm';
import { AdaptersMessages } from '../adapters.messages';
import { AdapterConfigurationError } from '../errors/adapter-configuration.error';
import { SqlParameterError } from '../errors/sql-parameter.error';
import type { AdapterContext } from '../interfaces/adapter-context.interface';
import { scanPlaceholders, type ScannedStatement } from './placeholders';
import type { SqlAdapterContext } from './sql-adapter-context.interface';
import { SqlAdapter, type SqlDialect, type SqlExecuteResult } from './sql.adapter';
import { TransactionSqlAdapter, type SqlStatementRunner } from './transaction-sql.adapter';

/** What TypeORM must never do on start, whatever the settings say. */
export const SAFE_DATA_SOURCE_OPTIONS = { synchronize: false, dropSchema: false, migrationsRun: false } as const;

/**
 * The base of the built-in SQL adapters (and of custom ones on another TypeORM driver): `?` placeholders on every
 * engine, `transaction(fn)` on a TypeORM QueryRunner with nested calls joining the outer transaction — both through
 * the `tx` argument and, inside `fn`, through this adapter itself (AsyncLocalStorage per adapter instance).
 *
 * A subclass provides `static dataSourceOptions(context)` (read by the adapters module to configure
 * `TypeOrmModule.forRootAsync`) and `runStatement()`.
 */
export abstract class TypeOrmSqlAdapter extends SqlAdapter implements SqlStatementRunner {
  abstract override readonly dialect: SqlDialect;
  readonly dataSource: DataSource;
  private readonly scope = new AsyncLocalStorage<TransactionSqlAdapter>();
  private readonly scanned = new LRUCache<string, ScannedStatement>({ max: 500 });

  constructor(protected readonly context: SqlAdapterContext) {
    super();
    this.dataSource = context.dataSource;
  }

  /** TypeORM options for this engine from the category's settings. Subclasses replace it. */
  static dataSourceOptions(_context: AdapterContext): DataSourceOptions {
    throw new AdapterConfigurationError(AdaptersMessages.sqlAdapterNeedsDataSource(this.name));
  }

  /** `host:port` (or the file) this adapter connects to, for error messages. */
  abstract readonly target: string;

  async connect(): Promise<void> {
    if (!this.dataSource.isInitialized) await this.dataSource.initialize();
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  async execute(sql: string, params: unknown[] = []): Promise<SqlExecuteResult> {
    const tx = this.activeTransaction();
    if (tx) return tx.execute(sql, params);
    return this.runOutsideTransaction(this.prepare(sql, params), params);
  }

  async fetchOne<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T | undefined> {
    return (await this.execute(sql, params)).rows[0] as T | undefined;
  }

  async fetchAll<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    return (await this.execute(sql, params)).rows as T[];
  }

  async transaction<T>(fn: (tx: SqlAdapter) => Promise<T>): Promise<T> {
    const tx = this.activeTransaction();
    if (tx) return fn(tx);
    return this.runTransaction(fn);
  }

  async ping(): Promise<void> {
    await this.runOutsideTransaction('SELECT 1', []);
  }

  /** @internal Runs one statement on a transaction's QueryRunner. */
  async runInTransaction(queryRunner: QueryRunner, sql: string, params: unknown[]): Promise<SqlExecuteResult> {
    return this.runStatement(this.prepare(sql, params), params, queryRunner);
  }

  /** Begins on a fresh QueryRunner, runs `fn` in its scope, commits or rolls back, releases. */
  protected async runTransaction<T>(fn: (tx: SqlAdapter) => Promise<T>): Promise<T> {
    const queryRunner = this.dataSource.createQueryRunner();
    await queryRunner.connect();
    const tx = new TransactionSqlAdapter(this, queryRunner);
    try {
      await queryRunner.startTransaction();
      const result = await this.scope.run(tx, () => fn(tx));
      await queryRunner.commitTransaction();
      return result;
    } catch (error) {
      if (queryRunner.isTransactionActive) await queryRunner.rollbackTransaction();
      throw error;
    } finally {
      tx.markFinished();
      await queryRunner.release();
    }
  }

  /** A statement outside any transaction (the pool, or the single SQLite connection). */
  protected runOutsideTransaction(sql: string, params: unknown[]): Promise<SqlExecuteResult> {
    return this.runStatement(sql, params, undefined);
  }

  /**
   * Runs an engine-ready statement (placeholders already rewritten) with the caller's parameters, on
   * `queryRunner`'s connection when given.
   */
  protected abstract runStatement(sql: string, params: unknown[], queryRunner: QueryRunner | undefined): Promise<SqlExecuteResult>;

  private activeTransaction(): TransactionSqlAdapter | undefined {
    const tx = this.scope.getStore();
    return tx && !tx.isFinished ? tx : undefined;
  }

  /** Checks the placeholder count and returns the statement in the engine's placeholder style. */
  private prepare(sql: string, params: unknown[]): string {
    let statement = this.scanned.get(sql);
    if (!statement) {
      statement = scanPlaceholders(sql, this.dialect === 'postgres');
      this.scanned.set(sql, statement);
    }
    if (statement.placeholders !== params.length) {
      throw new SqlParameterError(AdaptersMessages.sqlPlaceholderCount(statement.placeholders, params.length), sql);
    }
    return statement.text;
  }
}
