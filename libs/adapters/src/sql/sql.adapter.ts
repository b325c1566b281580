import type { DataSource } from 'typeorm';

export type SqlDialect = 'sqlite' | 'postgres';

export interface SqlExecuteResult {
  /** Rows changed by an INSERT/UPDATE/DELETE. */
  affected: number;
  /** Rows returned by a statement with RETURNING (PostgreSQL and SQLite >= 3.35). */
  rows: Record<string, unknown>[];
}

/**
 * The SQL category, on TypeORM. One placeholder style on every engine: `?`, positional
 * (`fetchOne('SELECT * FROM users WHERE id = ?', [1])`); the adapter rewrites it for PostgreSQL.
 */
export abstract class SqlAdapter {
  abstract readonly name: string;
  abstract readonly dialect: SqlDialect;
  /** The TypeORM DataSource, for repositories and the query builder on the same connection. */
  abstract readonly dataSource: DataSource;
  abstract execute(sql: string, params?: unknown[]): Promise<SqlExecuteResult>;
  abstract fetchOne<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T | undefined>;
  abstract fetchAll<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs `fn` in one transaction: commit when it resolves, rollback when it throws. Nested calls join it. */
  abstract transaction<T>(fn: (tx: SqlAdapter) => Promise<T>): Promise<T>;
  abstract ping(): Promise<void>;
}
