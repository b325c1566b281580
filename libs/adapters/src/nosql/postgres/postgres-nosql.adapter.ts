import type { Pool, PoolConfig } from 'pg';
import type { AdapterContext } from '../../interfaces/adapter-context.interface';
import { NoSqlAdapter, type NoSqlCollection, type NoSqlDocument } from '../nosql.adapter';
import { NOSQL_MESSAGES } from '../nosql.messages';
import { checkCollectionName } from '../base/collection-name';
import { backendSettings, numberSetting, stringSetting, withTimeout } from '../base/connection-settings';
import { NoSqlConnectionError } from '../errors/nosql-connection.error';
import { AdapterConfigurationError } from '../../errors/adapter-configuration.error';
import { PostgresNoSqlCollection } from './postgres-nosql.collection';
import { requireOptionalPeer } from '@acb/common';
import { durationSetting } from '../../settings/duration-setting';

const TABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,62}(\.[A-Za-z_][A-Za-z0-9_]{0,62})?$/;

/**
 * nosql `postgres`: documents as jsonb rows of one table, created if missing (never dropped):
 * `<table>(namespace text, collection text, id text, doc jsonb, PRIMARY KEY (namespace, collection, id))`.
 * `namespace` is `app.name`, so apps can share a database.
 *
 * Settings (`settings/nosql.yml`, under `postgres:` or at the top): `url` (`postgres://user:pass@host:port/db`) or
 * `host` (127.0.0.1), `port` (5432), `user`, `password`, `database`; `table` (`acb_documents`), `namespace`
 * (app.name), `poolSize` (10), `connect_timeout` (5 s), `ping_timeout` (2 s).
 */
export class PostgresNoSqlAdapter extends NoSqlAdapter {
  readonly name = 'postgres';
  /** `host:port/database`, for messages and the health indicator. */
  readonly target: string;
  readonly table: string;
  private readonly namespace: string;
  private readonly poolConfig: PoolConfig;
  private readonly pingTimeoutMs: number;
  private pool: Pool | undefined;

  constructor(private readonly context: AdapterContext) {
    super();
    const settings = backendSettings(context.settings, 'postgres');
    this.table = stringSetting(settings, 'table') ?? 'acb_documents';
    if (!TABLE_NAME.test(this.table)) throw new AdapterConfigurationError(NOSQL_MESSAGES.invalidTableName(this.table));
    this.namespace = stringSetting(settings, 'namespace') ?? context.appName;
    this.pingTimeoutMs = durationSetting(settings, 'pingTimeout', 2000, 'nosql.postgres');
    const url = stringSetting(settings, 'url');
    this.poolConfig = {
      max: numberSetting(settings, 'poolSize', 10),
      connectionTimeoutMillis: durationSetting(settings, 'connectTimeout', 5000, 'nosql.postgres'),
    };
    if (url) {
      this.poolConfig.connectionString = url;
      const parsed = new URL(url);
      this.target = `${parsed.hostname || '127.0.0.1'}:${parsed.port || '5432'}${parsed.pathname}`;
    } else {
      Object.assign(this.poolConfig, {
        host: stringSetting(settings, 'host') ?? '127.0.0.1',
        port: numberSetting(settings, 'port', 5432),
        user: stringSetting(settings, 'user'),
        password: stringSetting(settings, 'password'),
        database: stringSetting(settings, 'database'),
      });
      this.target = `${this.poolConfig.host}:${this.poolConfig.port}/${this.poolConfig.database ?? ''}`;
    }
  }

  /** Opens the pool, checks the server answers and creates the table when it is missing. */
  async connect(): Promise<void> {
    if (this.pool) return;
    // NOTE: required here so that `pg` is only needed when this adapter is selected.
    const { Pool: PgPool } = requireOptionalPeer<typeof import('pg')>('pg', 'the postgres nosql adapter', () => require('pg'));
    const pool = new PgPool(this.poolConfig);
    pool.on('error', (error: Error) => this.context.logger.error(NOSQL_MESSAGES.poolError(error.message), undefined, 'AcbNoSql'));
    try {
      await this.createTable(pool);
    } catch (error) {
      await pool.end().catch(() => undefined);
      throw new NoSqlConnectionError(NOSQL_MESSAGES.connectFailed(this.name, this.target, (error as Error).message), {
        cause: error,
      });
    }
    this.pool = pool;
  }

  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = undefined;
    await pool?.end();
  }

  collection<T extends NoSqlDocument = NoSqlDocument>(name: string): NoSqlCollection<T> {
    return new PostgresNoSqlCollection<T>(checkCollectionName(name), this.namespace, this.table, () => this.requirePool());
  }

  /** `SELECT 1`, bounded by `pingTimeoutMs`. */
  async ping(): Promise<void> {
    const pool = this.requirePool();
    await withTimeout(
      pool.query('SELECT 1'),
      this.pingTimeoutMs,
      () => new NoSqlConnectionError(NOSQL_MESSAGES.pingTimeout(this.name, this.target, this.pingTimeoutMs)),
    );
  }

  private requirePool(): Pool {
    if (!this.pool) throw new NoSqlConnectionError(NOSQL_MESSAGES.notConnected(this.name));
    return this.pool;
  }

  private async createTable(pool: Pool): Promise<void> {
    const ddl = `CREATE TABLE IF NOT EXISTS ${this.table} (
      namespace text NOT NULL, collection text NOT NULL, id text NOT NULL, doc jsonb NOT NULL,
      PRIMARY KEY (namespace, collection, id))`;
    try {
      await pool.query(ddl);
    } catch (error) {
      // NOTE: two processes creating the table at once: one loses with unique_violation/duplicate_table; it exists now.
      const code = (error as { code?: string }).code;
      if (code !== '23505' && code !== '42P07') throw error;
    }
  }
}
