import { randomBytes } from 'node:crypto';
import type { NoSqlAdapter, SqlAdapter } from '@acb/adapters';
import { IntegrationEnvironment } from '@acb/testing';
import { Client } from 'pg';

/** A connected sql adapter (and memory nosql) on one fresh database, and how to throw it away. */
export interface TestDatabase {
  sql: SqlAdapter;
  nosql: NoSqlAdapter;
  /** The URL (PostgreSQL) or file (SQLite) other processes connect to. */
  target: string;
  close(): Promise<void>;
}

const NO_SETTINGS = '/nonexistent-acb-migrations-settings';

/** SQLite on `database` (`:memory:` by default). */
export async function openSqlite(database = ':memory:'): Promise<TestDatabase> {
  const env = new IntegrationEnvironment({
    settingsDir: NO_SETTINGS,
    env: {},
    adapters: { sql: { name: 'sqlite', settings: { database } }, nosql: 'memory' },
  });
  const sql = await env.createAdapter('sql');
  const nosql = await env.createAdapter('nosql');
  return { sql, nosql, target: database, close: () => env.close() };
}

/** One more connection (own adapter) to a database opened above, as another process would have. */
export async function connectAgain(dialect: 'sqlite' | 'postgres', target: string): Promise<TestDatabase> {
  const env = new IntegrationEnvironment({
    settingsDir: NO_SETTINGS,
    env: {},
    adapters: { sql: dialect === 'sqlite' ? { name: 'sqlite', settings: { database: target } } : { name: 'postgres', settings: { url: target } }, nosql: 'memory' },
  });
  const sql = await env.createAdapter('sql');
  const nosql = await env.createAdapter('nosql');
  return { sql, nosql, target, close: () => env.close() };
}

/** A new PostgreSQL database on the test server (dropped on close). */
export async function openPostgres(serverUrl: string, settings: Record<string, unknown> = {}): Promise<TestDatabase> {
  const name = `acb_migrations_${randomBytes(5).toString('hex')}`;
  await admin(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const env = new IntegrationEnvironment({
    settingsDir: NO_SETTINGS,
    env: {},
    adapters: { sql: { name: 'postgres', settings: { url: url.toString(), poolSize: 10, ...settings } }, nosql: 'memory' },
  });
  const sql = await env.createAdapter('sql');
  const nosql = await env.createAdapter('nosql');
  return {
    sql,
    nosql,
    target: url.toString(),
    async close() {
      await env.close();
      await admin(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
