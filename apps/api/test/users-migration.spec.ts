import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlAdapter } from '@acb/adapters';
import { MemoryLogDestination } from '@acb/logger';
import { MigrationRunner } from '@acb/migrations';
import { Test, type TestingModule } from '@nestjs/testing';
import { AppModule } from '../src/app.module';

jest.setTimeout(30_000);

const NO_FILES = '/nonexistent/acb-api-migration-settings';

async function boot(database: string): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forRoot({
        settingsDir: NO_FILES,
        values: { app: { name: 'api-migration-test' }, sql: { database } },
        env: {},
        logger: { destination: new MemoryLogDestination() },
      }),
    ],
  }).compile();
  await moduleRef.init();
  return moduleRef;
}

describe('apps/api: the users table comes from a migration applied at start', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'acb-api-migration-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates the table on first start, records it, and finds nothing to do on the next start', async () => {
    const database = join(dir, 'api.sqlite');
    let app = await boot(database);
    const status = await app.get(MigrationRunner).status();
    // NOTE: libraries in the stack (workflows) add their own migrations to the same runner.
    expect(status.find((m) => m.version === '001')).toMatchObject({ description: 'Create the users table', state: 'applied' });
    await app.get(SqlAdapter).execute("INSERT INTO users (email, name) VALUES ('ada@example.com', 'Ada')");
    await app.close();

    app = await boot(database);
    expect(await app.get(MigrationRunner).plan()).toEqual([]);
    expect(await app.get(SqlAdapter).fetchAll('SELECT email FROM users')).toEqual([{ email: 'ada@example.com' }]);
    const rows = await app.get(SqlAdapter).fetchAll("SELECT version FROM _migrations WHERE version = '001'");
    expect(rows).toEqual([{ version: '001' }]);
    await app.close();
  });

  it('adopts a database whose users table the old initializer created (no error, rows kept)', async () => {
    const database = join(dir, 'old.sqlite');
    const Database = require('better-sqlite3') as new (file: string) => { exec(sql: string): void; close(): void };
    const old = new Database(database);
    old.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY AUTOINCREMENT, email VARCHAR(320) NOT NULL UNIQUE, name VARCHAR(200) NOT NULL,
      created_at DATETIME NOT NULL DEFAULT (datetime('now')))`);
    old.exec("INSERT INTO users (email, name) VALUES ('old@example.com', 'Old')");
    old.close();
    const app = await boot(database);
    expect((await app.get(MigrationRunner).status()).find((m) => m.version === '001')?.state).toBe('applied');
    expect(await app.get(SqlAdapter).fetchAll('SELECT email FROM users')).toEqual([{ email: 'old@example.com' }]);
    await app.close();
  });
});
