import * as path from 'node:path';
import { SqlAdapter } from '@acb/adapters';
import { EventSubscriber } from '@acb/events';
import {
  AcbMigrationsModule,
  IrreversibleMigrationError,
  MigrationFailedError,
  Migration,
  MigrationRunner,
  MigrationValidationError,
  MigrationsOptionsError,
  discoverMigrations,
} from '@acb/migrations';
import { AcbTestingModule, EventRecorder, testMigrations } from '@acb/testing';
import { Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { CreateUsersTable } from './fixtures/seed/001-create-users-table';

const FIXTURES = path.join(__dirname, 'fixtures');

class CreateNotes extends Migration {
  version = 'notes-001';
  description = 'Create notes (a library migration)';
  async up() {
    await this.sql.execute('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
  }
  override async down() {
    await this.sql.execute('DROP TABLE notes');
  }
}

/** A library shipping its tables as migrations. */
@Module({ imports: [AcbMigrationsModule.forFeature([CreateNotes])] })
class NotesLibraryModule {}

describe('AcbMigrationsModule', () => {
  let moduleRef: TestingModule | undefined;
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  it("runs the seed's examples: discovery, migrate({ to }), migration.* events to subscribers, the irreversible data migration", async () => {
    const seen: string[] = [];
    moduleRef = await Test.createTestingModule({
      imports: [
        AcbTestingModule.forRoot({ events: true }),
        AcbMigrationsModule.forRoot({ directory: path.join(FIXTURES, 'seed'), autoDiscover: true, migrations: [], runOnStartup: false }),
      ],
    }).compile();
    await moduleRef.init();
    // the seed's handlers: @subscriber.on("migration.started") / ("migration.completed") / ("migration.failed")
    const subscriber = moduleRef.get(EventSubscriber);
    subscriber.on('migration.started', async (payload) => void seen.push(`started ${(payload as { version: string }).version}`));
    subscriber.on('migration.completed', async (payload) => void seen.push(`completed ${(payload as { version: string }).version}`));
    const runner = moduleRef.get(MigrationRunner);
    const sql = moduleRef.get(SqlAdapter);

    // runner.migrate() up to the password column, then users arrive, then the data migration re-hashes them
    await runner.migrate({ to: '002' });
    await sql.execute("INSERT INTO users (email, name, password) VALUES ('ada@example.com', 'Ada', 'secret')");
    await runner.migrate();
    const user = await sql.fetchOne<{ password: string; created_at: string }>('SELECT password, created_at FROM users');
    expect(user?.password).toMatch(/^scrypt\$[0-9a-f]{32}\$[0-9a-f]{64}$/);
    expect(user?.created_at).toBeTruthy();
    expect(seen).toEqual(['started 001', 'completed 001', 'started 002', 'completed 002', 'started 005', 'completed 005']);
    const recorder = moduleRef.get(EventRecorder);
    expect(recorder.payloads('migration.completed')).toEqual([
      expect.objectContaining({ version: '001', direction: 'up', durationMs: expect.any(Number) }),
      expect.objectContaining({ version: '002' }),
      expect.objectContaining({ version: '005' }),
    ]);

    // status: the seed prints version, description and applied time
    const status = await runner.status();
    expect(status.map((m) => [m.version, m.description, m.appliedAt instanceof Date])).toEqual([
      ['001', 'Create users table with basic fields', true],
      ['002', 'Add a password column', true],
      ['005', 'Migrate user passwords to scrypt', true],
    ]);
    // rollback_to("001") would pass the irreversible password migration: refused, nothing changed
    await expect(runner.rollbackTo('001')).rejects.toThrow(IrreversibleMigrationError);
    expect((await runner.status()).every((m) => m.state === 'applied')).toBe(true);
  });

  it('applies the app migrations and every forFeature contribution on start with runOnStartup', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [AcbTestingModule.forRoot(), AcbMigrationsModule.forRoot({ migrations: [CreateUsersTable], runOnStartup: true, autoDiscover: false }), NotesLibraryModule],
    }).compile();
    await moduleRef.init();
    const sql = moduleRef.get(SqlAdapter);
    await sql.execute("INSERT INTO notes (body) VALUES ('hello')");
    await sql.execute("INSERT INTO users (email, name) VALUES ('a@b.c', 'A')");
    expect((await moduleRef.get(MigrationRunner).status()).map((m) => [m.version, m.state])).toEqual([
      ['001', 'applied'],
      ['notes-001', 'applied'],
    ]);
  });

  it('a migration failing under runOnStartup fails the start, naming it, and leaves no trace', async () => {
    const failing = await discoverMigrations(path.join(FIXTURES, 'cli-failing'));
    moduleRef = await Test.createTestingModule({
      imports: [AcbTestingModule.forRoot(), AcbMigrationsModule.forRoot({ migrations: failing, runOnStartup: true, autoDiscover: false })],
    }).compile();
    const sql = moduleRef.get(SqlAdapter);
    const error = await moduleRef.init().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailedError);
    expect((error as MigrationFailedError).message).toContain('Migration 001 failed (up) at statement: INSERT INTO missing_table (id) VALUES (1)');
    expect(await sql.fetchAll("SELECT name FROM sqlite_master WHERE name = 'broken_half'")).toEqual([]);
    moduleRef = undefined;
  });

  it('works without the events module and with forRootAsync', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        AcbTestingModule.forRoot(),
        AcbMigrationsModule.forRootAsync({ useFactory: () => ({ migrations: [CreateUsersTable], table: 'history', autoDiscover: false }) }),
      ],
    }).compile();
    await moduleRef.init();
    const runner = moduleRef.get(MigrationRunner);
    expect(runner.table).toBe('history');
    expect((await runner.plan()).map((m) => m.version)).toEqual(['001']);
    expect((await runner.migrate()).map((m) => m.version)).toEqual(['001']);
  });

  it('fails at start on duplicate versions (naming both sources)', async () => {
    const dup = [...(await discoverMigrations(path.join(FIXTURES, 'duplicate-a'))), ...(await discoverMigrations(path.join(FIXTURES, 'duplicate-b')))];
    moduleRef = await Test.createTestingModule({
      imports: [AcbTestingModule.forRoot(), AcbMigrationsModule.forRoot({ migrations: dup, autoDiscover: false })],
    }).compile();
    const error = await moduleRef.init().catch((e: unknown) => e);
    // NOTE: close() would run the failing init again; the in-memory database holds no handle.
    moduleRef = undefined;
    expect(error).toBeInstanceOf(MigrationValidationError);
    expect((error as Error).message).toContain('Two migrations have version 003: ');
  });

  it('an app without a sql adapter starts, and the runner says what is missing when used', async () => {
    moduleRef = await Test.createTestingModule({ imports: [AcbMigrationsModule.forRoot({ autoDiscover: false })] }).compile();
    await moduleRef.init();
    await expect(moduleRef.get(MigrationRunner).migrate()).rejects.toThrow(MigrationsOptionsError);
  });

  it('testMigrations(): an app\'s migrations on in-memory SQLite in one line', async () => {
    moduleRef = await Test.createTestingModule({ imports: [AcbTestingModule.forRoot(), testMigrations([CreateUsersTable]), NotesLibraryModule] }).compile();
    await moduleRef.init();
    const sql = moduleRef.get(SqlAdapter);
    expect(sql.dialect).toBe('sqlite');
    await sql.execute("INSERT INTO users (email, name) VALUES ('a@b.c', 'A')");
    await sql.execute("INSERT INTO notes (body) VALUES ('n')");
    expect(await sql.fetchAll('SELECT email FROM users')).toEqual([{ email: 'a@b.c' }]);
  });
});
