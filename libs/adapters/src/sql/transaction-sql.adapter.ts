import type { DataSource, EntityManager, QueryRunner } from 'typeorm';
import { SqlTransactionFinishedError } from '../errors/sql-transaction-finished.error';
import type { SqlDialect, SqlExecuteResult } from './sql.adapter';
import { SqlAdapter } from './sql.adapter';

/** What a transaction-bound adapter needs from the adapter that opened it. */
export interface SqlStatementRunner {
  readonly name: string;
  readonly dialect: SqlDialect;
  readonly dataSource: DataSource;
  runInTransaction(queryRunner: QueryRunner, sql: string, params: unknown[]): Promise<SqlExecuteResult>;
}

/**
 * The `tx` handed to `transaction(fn)`: every statement runs on the transaction's connection; a nested
 * `transaction()` joins it (no savepoint). `manager` is the TypeORM EntityManager of the same transaction, for
 * repositories. Using it after the transaction finished throws.
 */
export class TransactionSqlAdapter extends SqlAdapter {
  readonly name: string;
  readonly dialect: SqlDialect;
  readonly dataSource: DataSource;
  private finished = false;

  constructor(
    private readonly owner: SqlStatementRunner,
    readonly queryRunner: QueryRunner,
  ) {
    super();
    this.name = owner.name;
    this.dialect = owner.dialect;
    this.dataSource = owner.dataSource;
  }

  /** The TypeORM EntityManager bound to this transaction. */
  get manager(): EntityManager {
    return this.queryRunner.manager;
  }

  /** Whether the transaction has committed or rolled back. */
  get isFinished(): boolean {
    return this.finished;
  }

  /** @internal Called by the owning adapter once the transaction has committed or rolled back. */
  markFinished(): void {
    this.finished = true;
  }

  async execute(sql: string, params: unknown[] = []): Promise<SqlExecuteResult> {
    if (this.finished) throw new SqlTransactionFinishedError();
    return this.owner.runInTransaction(this.queryRunner, sql, params);
  }

  async fetchOne<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T | undefined> {
    return (await this.execute(sql, params)).rows[0] as T | undefined;
  }

  async fetchAll<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    return (await this.execute(sql, params)).rows as T[];
  }

  async transaction<T>(fn: (tx: SqlAdapter) => Promise<T>): Promise<T> {
    if (this.finished) throw new SqlTransactionFinishedError();
    return fn(this);
  }

  async ping(): Promise<void> {
    await this.execute('SELECT 1');
  }
}
