import { randomBytes } from 'node:crypto';
import { MigrationRunner } from '@acb/migrations';
import { IntegrationEnvironment } from '@acb/testing';
import { Client } from 'pg';
import { describeWithServer } from '../../../test/servers';
import { CreateUsersTable } from '../src/migrations/001-create-users';

describeWithServer('postgres', 'apps/api migrations on PostgreSQL', (url) => {
  const name = `acb_api_migrations_${randomBytes(4).toString('hex')}`;
  const admin = async (statement: string) => {
    const client = new Client({ connectionString: url });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  let env: IntegrationEnvironment;
  beforeAll(async () => {
    await admin(`CREATE DATABASE ${name}`);
    const target = new URL(url);
    target.pathname = `/${name}`;
    env = new IntegrationEnvironment({ settingsDir: '/nonexistent', env: {}, adapters: { sql: { name: 'postgres', settings: { url: target.toString() } } } });
  });
  afterAll(async () => {
    await env.close();
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  });

  it('creates the users table with the PostgreSQL dialect and drops it on rollback', async () => {
    const sql = await env.createAdapter('sql');
    const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
    const runner = new MigrationRunner({ sql, migrations: [CreateUsersTable], logger: quiet, migrationLogger: () => quiet });
    expect((await runner.migrate()).map((s) => s.version)).toEqual(['001']);
    const row = await sql.fetchOne<{ id: number }>("INSERT INTO users (email, name) VALUES ('a@b.c', 'A') RETURNING id");
    expect(row?.id).toBe(1);
    await runner.rollback();
    expect(await sql.fetchOne("SELECT to_regclass('users')::text AS t")).toEqual({ t: null });
  });
});
