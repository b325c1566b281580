import { SqlAdapter, type SqlDialect, type SqlExecuteResult } from '@acb/adapters';
import type { DataSource } from 'typeorm';

/**
 * The `this.sql` a migration gets: the sql adapter (transaction-bound when the migration is transactional) that
 * remembers the statement that failed, so the runner's error can name it.
 */
export class StatementRecorder extends SqlAdapter {
  /** The statement whose execution threw, if any. */
  failedStatement: string | undefined;

  constructor(private readonly inner: SqlAdapter) {
    super();
  }

  get name(): string {
    return this.inner.name;
  }

  get dialect(): SqlDialect {
    return this.inner.dialect;
  }

  get dataSource(): DataSource {
    return this.inner.dataSource;
  }

  async execute(sql: string, params?: unknown[]): Promise<SqlExecuteResult> {
    try {
      return await this.inner.execute(sql, params);
    } catch (error) {
      this.failedStatement = sql;
      throw error;
    }
  }

  async fetchOne<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T | undefined> {
    return (await this.execute(sql, params)).rows[0] as T | undefined;
  }

  async fetchAll<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]> {
    return (await this.execute(sql, params)).rows as T[];
  }

  transaction<T>(fn: (tx: SqlAdapter) => Promise<T>): Promise<T> {
    return this.inner.transaction(() => fn(this));
  }

  ping(): Promise<void> {
    return this.inner.ping();
  }
}
