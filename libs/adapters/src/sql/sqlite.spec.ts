import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { runSqlConformance } from '../../test/conformance/sql.conformance';
import { adapterContext } from '../../test/adapter-context.fixture';
import { SqliteSqlAdapter } from './sqlite.sql';

async function connectedSqlite(settings: Record<string, unknown>): Promise<SqliteSqlAdapter> {
  const context = adapterContext(settings);
  const adapter = new SqliteSqlAdapter({ ...context, dataSource: new DataSource(SqliteSqlAdapter.dataSourceOptions(context)) });
  await adapter.connect();
  return adapter;
}

runSqlConformance('sqlite (:memory:)', async () => {
  const sql = await connectedSqlite({ database: ':memory:' });
  return { sql, close: () => sql.close() };
});

describe('SqliteSqlAdapter', () => {
  let dir: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-sqlite-'));
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('creates the directory of its database file and keeps data across reconnects', async () => {
    const database = path.join(dir, 'nested', 'deeper', 'app.sqlite');
    const first = await connectedSqlite({ database });
    await first.execute('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)');
    await first.execute('INSERT INTO notes (id, body) VALUES (?, ?)', [1, 'kept']);
    await first.close();
    expect(fs.existsSync(database)).toBe(true);

    const second = await connectedSqlite({ database });
    expect(await second.fetchOne('SELECT body FROM notes WHERE id = ?', [1])).toEqual({ body: 'kept' });
    await second.close();
  });

  it('never synchronises or drops the schema on start', () => {
    const options = SqliteSqlAdapter.dataSourceOptions(adapterContext({ database: ':memory:' }));
    expect(options).toMatchObject({ synchronize: false, dropSchema: false, migrationsRun: false, type: 'better-sqlite3' });
    expect(SqliteSqlAdapter.dataSourceOptions(adapterContext()).database).toBe('data/acb.sqlite');
  });

  it('binds booleans, Dates and objects as SQLite values', async () => {
    const sql = await connectedSqlite({ database: ':memory:' });
    await sql.execute('CREATE TABLE v (flag INTEGER, at TEXT, doc TEXT)');
    const at = new Date('2024-01-02T03:04:05.000Z');
    await sql.execute('INSERT INTO v (flag, at, doc) VALUES (?, ?, ?)', [true, at, { a: [1] }]);
    expect(await sql.fetchOne('SELECT flag, at, doc FROM v')).toEqual({ flag: 1, at: at.toISOString(), doc: '{"a":[1]}' });
    await sql.close();
  });

  it('makes statements from outside wait for a running transaction instead of joining it', async () => {
    const sql = await connectedSqlite({ database: ':memory:' });
    await sql.execute('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = sql
      .transaction(async (tx) => {
        await tx.execute('INSERT INTO t (id) VALUES (?)', [1]);
        await gate;
        throw new Error('rolled back');
      })
      .catch((error: Error) => error.message);
    // NOTE: started outside the transaction's async context, so it must not run inside it.
    const outside = new Promise<void>((resolve) => setImmediate(resolve)).then(() => sql.execute('INSERT INTO t (id) VALUES (?)', [2]));
    await new Promise((resolve) => setImmediate(resolve));
    release();
    expect(await running).toBe('rolled back');
    await outside;
    expect(await sql.fetchAll('SELECT id FROM t ORDER BY id')).toEqual([{ id: 2 }]);
    await sql.close();
  });
});
