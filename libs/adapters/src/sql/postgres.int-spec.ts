import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { describeWithServer } from '../../../../test/servers';
import { runSqlConformance } from '../../test/conformance/sql.conformance';
import { adapterContext } from '../../test/adapter-context.fixture';
import { PostgresSqlAdapter } from './postgres.sql';

// NOTE: jest.config.js sets testTimeout per project, which jest 29 ignores; a loaded CI machine needs more than 5 s.
jest.setTimeout(60_000);

async function connectedPostgres(settings: Record<string, unknown>): Promise<PostgresSqlAdapter> {
  const context = adapterContext(settings);
  const adapter = new PostgresSqlAdapter({ ...context, dataSource: new DataSource(PostgresSqlAdapter.dataSourceOptions(context)) });
  await adapter.connect();
  return adapter;
}

describeWithServer('postgres', 'PostgresSqlAdapter on a real server', (url) => {
  runSqlConformance('postgres', async () => {
    const sql = await connectedPostgres({ url, poolSize: 4 });
    return { sql, close: () => sql.close() };
  });

  describe('postgres specifics', () => {
    let sql: PostgresSqlAdapter;
    let table: string;

    beforeAll(async () => {
      sql = await connectedPostgres({ url });
      table = `acb_pg_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
      await sql.execute(`CREATE TABLE ${table} (id SERIAL PRIMARY KEY, doc JSONB, big BIGINT, amount NUMERIC(10,2))`);
    });

    afterAll(async () => {
      await sql.execute(`DROP TABLE IF EXISTS ${table}`);
      await sql.close();
    });

    it('keeps $$ bodies and E-strings intact and turns ?? into the jsonb ? operator', async () => {
      await sql.execute(`INSERT INTO ${table} (doc, big, amount) VALUES (?, ?, ?)`, [{ tags: ['a'] }, 9007199254740993n.toString(), '12.50']);
      const row = await sql.fetchOne(`SELECT doc ?? 'tags' AS has_tags, $$a ? b$$ AS body, E'it\\'s ?' AS escaped, big, amount FROM ${table} WHERE id = ?`, [1]);
      expect(row).toEqual({ has_tags: true, body: 'a ? b', escaped: "it's ?", big: '9007199254740993', amount: '12.50' });
    });

    it('returns BIGINT as a number when it is a safe integer, without changing pg globally', async () => {
      expect(await sql.fetchOne('SELECT CAST(? AS BIGINT) AS n', [42])).toEqual({ n: 42 });
      const raw = new Client({ connectionString: url });
      await raw.connect();
      const result = await raw.query('SELECT 42::bigint AS n');
      expect(result.rows[0]).toEqual({ n: '42' });
      await raw.end();
    });

    it('names host and port as its target', () => {
      expect(new PostgresSqlAdapter({ ...adapterContext({ url }), dataSource: sql.dataSource }).target).toBe(
        `${new URL(url).hostname}:${new URL(url).port}`,
      );
      expect(PostgresSqlAdapter.dataSourceOptions(adapterContext({ host: 'db.local', port: 6543, user: 'u', database: 'd' }))).toMatchObject({
        type: 'postgres',
        host: 'db.local',
        port: 6543,
        username: 'u',
        database: 'd',
        synchronize: false,
        dropSchema: false,
      });
    });
  });
});
