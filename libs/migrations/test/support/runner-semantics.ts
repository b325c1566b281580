import * as os from 'node:os';
import * as path from 'node:path';
import type { MigrationInterface, QueryRunner } from 'typeorm';
import {
  discoverMigrations,
  IrreversibleMigrationError,
  Migration,
  MigrationDependencyError,
  MigrationFailedError,
  MigrationRunner,
  MigrationValidationError,
  UnknownMigrationVersionError,
  type MigrationEventPayload,
  type MigrationInput,
  type MigrationRunnerOptions,
} from '@acb/migrations';
import type { TestDatabase } from './databases';
import { quiet } from './quiet-logger';

const FIXTURES = path.join(__dirname, '..', 'fixtures');

class CreateThings extends Migration {
  version = '1';
  description = 'Create things';
  async up() {
    await this.sql.execute('CREATE TABLE things (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)');
  }
  override async down() {
    await this.sql.execute('DROP TABLE things');
  }
}
class AddThing extends Migration {
  version = '2';
  description = 'Add a thing';
  async up() {
    await this.sql.execute("INSERT INTO things (id, name) VALUES (1, 'one')");
  }
  override async down() {
    await this.sql.execute('DELETE FROM things WHERE id = 1');
  }
}
class AddAnotherThing extends Migration {
  version = '10';
  description = 'Add another thing';
  async up() {
    await this.sql.execute("INSERT INTO things (id, name) VALUES (2, 'two')");
  }
  override async down() {
    await this.sql.execute('DELETE FROM things WHERE id = 2');
  }
}
/** Same version as AddAnotherThing, other statement: an applied migration whose source changed. */
class AddAnotherThingEdited extends Migration {
  version = '10';
  description = 'Add another thing';
  async up() {
    await this.sql.execute("INSERT INTO things (id, name) VALUES (2, 'TWO')");
  }
  override async down() {
    await this.sql.execute('DELETE FROM things WHERE id = 2');
  }
}
class BrokenDdl extends Migration {
  version = '11';
  description = 'Creates a table, then fails';
  async up() {
    await this.sql.execute('CREATE TABLE half_done (id INTEGER PRIMARY KEY)');
    await this.sql.execute("INSERT INTO things (id, name) VALUES (3, 'three')");
    await this.sql.execute('INSERT INTO no_such_table (id) VALUES (1)');
  }
}
class NoDown extends Migration {
  version = '3';
  description = 'No way back';
  async up() {
    await this.sql.execute("UPDATE things SET name = 'ONE' WHERE id = 1");
  }
}
class ThrowingDown extends Migration {
  version = '3';
  description = 'Throws on the way back';
  async up() {
    await this.sql.execute("UPDATE things SET name = 'ONE' WHERE id = 1");
  }
  override async down() {
    throw new IrreversibleMigrationError();
  }
}
class TypeOrmCreateGadgets1700000000000 implements MigrationInterface {
  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE TABLE gadgets (id INTEGER PRIMARY KEY)');
    await queryRunner.query('INSERT INTO gadgets (id) VALUES (7)');
  }
  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE gadgets');
  }
}
class CopyToDocuments extends Migration {
  version = '40';
  description = 'Copy things to the document store';
  async up() {
    for (const row of await this.sql.fetchAll<{ id: number; name: string }>('SELECT id, name FROM things ORDER BY id')) {
      await this.nosql.collection('things').insertOne({ id: String(row.id), name: row.name });
    }
  }
  override async down() {
    await this.nosql.collection('things').deleteMany({});
  }
}

/**
 * The runner's semantics, written once and run on SQLite (unit) and real PostgreSQL (integration): each test gets a
 * fresh database from `open`.
 */
export function runnerSemantics(open: () => Promise<TestDatabase>): void {
  let db: TestDatabase;
  const runners: MigrationRunner[] = [];
  const runner = (migrations: MigrationInput[], options: Partial<MigrationRunnerOptions> = {}): MigrationRunner => {
    const created = new MigrationRunner({ sql: db.sql, nosql: db.nosql, migrations, logger: quiet, migrationLogger: () => quiet, ...options });
    runners.push(created);
    return created;
  };
  const tables = async (): Promise<string[]> => {
    const rows =
      db.sql.dialect === 'postgres'
        ? await db.sql.fetchAll<{ name: string }>("SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'")
        : await db.sql.fetchAll<{ name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'");
    return rows.map((row) => row.name).filter((name) => !name.startsWith('sqlite_')).sort();
  };
  const things = async (): Promise<string[]> =>
    (await db.sql.fetchAll<{ name: string }>('SELECT name FROM things ORDER BY id')).map((row) => row.name);

  beforeEach(async () => {
    db = await open();
  });
  afterEach(async () => {
    runners.length = 0;
    await db.close();
  });

  it('orders versions naturally: 2 < 10, dotted 1.2.9 < 1.2.10, timestamps, dependencies first', async () => {
    const make = (version: string, dependsOn: string[] = []) =>
      class extends Migration {
        version = version;
        description = `v${version}`;
        override dependsOn = dependsOn;
        async up() {}
      };
    const planned = await runner([
      make('10'),
      make('2'),
      make('1.2.10'),
      make('1.2.9'),
      make('20240101120000'),
      make('20231231235959'),
      make('1.2', ['zz-lib']),
      make('zz-lib'),
    ]).plan();
    expect(planned.map((m) => m.version)).toEqual(['zz-lib', '1.2', '1.2.9', '1.2.10', '2', '10', '20231231235959', '20240101120000']);
  });

  it('applies pending migrations in order, each recorded with description, checksum, time, duration and host:pid', async () => {
    const started = Date.now();
    const steps = await runner([AddAnotherThing, CreateThings, AddThing]).migrate();
    expect(steps.map((s) => [s.version, s.direction])).toEqual([['1', 'up'], ['2', 'up'], ['10', 'up']]);
    expect(await things()).toEqual(['one', 'two']);
    const rows = await db.sql.fetchAll<Record<string, unknown>>('SELECT * FROM _migrations ORDER BY installed_rank');
    expect(rows.map((row) => row.version)).toEqual(['1', '2', '10']);
    expect(rows[0]).toMatchObject({ description: 'Create things', applied_by: `${os.hostname()}:${process.pid}`, kind: 'applied' });
    expect(String(rows[0].checksum)).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(rows[0].applied_at as string).getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(Number(rows[0].duration_ms)).toBeGreaterThanOrEqual(0);
    // a second run has nothing to do
    expect(await runner([AddAnotherThing, CreateThings, AddThing]).migrate()).toEqual([]);
    const status = await runner([AddAnotherThing, CreateThings, AddThing]).status();
    expect(status.map((s) => [s.version, s.state])).toEqual([['1', 'applied'], ['2', 'applied'], ['10', 'applied']]);
    expect(status[0].appliedAt).toBeInstanceOf(Date);
  });

  it('uses the configured history table', async () => {
    await runner([CreateThings], { table: 'schema_history' }).migrate();
    expect(await tables()).toContain('schema_history');
    expect(await tables()).not.toContain('_migrations');
  });

  it('plan({ to }) and migrate({ to }) stop at the version; plan runs nothing', async () => {
    const r = runner([CreateThings, AddThing, AddAnotherThing]);
    expect((await r.plan({ to: '2' })).map((m) => m.version)).toEqual(['1', '2']);
    expect(await tables()).toEqual([]);
    await r.migrate({ to: '2' });
    expect(await things()).toEqual(['one']);
    expect((await r.plan()).map((m) => m.version)).toEqual(['10']);
    await expect(r.migrate({ to: '99' })).rejects.toThrow(UnknownMigrationVersionError);
  });

  it('a failing migration leaves no trace, names version and statement, emits migration.failed and stops the run', async () => {
    const events: Array<[string, MigrationEventPayload]> = [];
    class AfterBroken extends Migration {
      version = '12';
      description = 'never runs';
      async up() {
        await this.sql.execute("INSERT INTO things (id, name) VALUES (12, 'twelve')");
      }
    }
    const r = runner([CreateThings, AddThing, BrokenDdl, AfterBroken], {
      events: { emit: async (name, payload) => void events.push([name, payload]) },
    });
    const error = await r.migrate().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MigrationFailedError);
    const failure = error as MigrationFailedError;
    expect(failure.version).toBe('11');
    expect(failure.statement).toBe('INSERT INTO no_such_table (id) VALUES (1)');
    expect(failure.message).toContain('Migration 11 failed (up) at statement: INSERT INTO no_such_table (id) VALUES (1)');
    // schema, data and history as before the failing migration; the ones before it stay applied; 12 never ran
    expect(await tables()).not.toContain('half_done');
    expect(await things()).toEqual(['one']);
    expect((await r.status()).map((s) => [s.version, s.state])).toEqual([['1', 'applied'], ['2', 'applied'], ['11', 'pending'], ['12', 'pending']]);
    expect(events.map(([name, payload]) => `${name}:${payload.version}`)).toEqual([
      'migration.started:1',
      'migration.completed:1',
      'migration.started:2',
      'migration.completed:2',
      'migration.started:11',
      'migration.failed:11',
    ]);
    expect(events[events.length - 1][1]).toMatchObject({ version: '11', statement: 'INSERT INTO no_such_table (id) VALUES (1)' });
    expect(events[events.length - 1][1].error).toMatch(/no_such_table/);
    expect(events[1][1].durationMs).toBeGreaterThanOrEqual(0);
  });

  it('transactional = false keeps what ran before a failure (no transaction around it)', async () => {
    class Untransactional extends Migration {
      version = '5';
      description = 'outside a transaction';
      override transactional = false;
      async up() {
        await this.sql.execute('CREATE TABLE kept (id INTEGER PRIMARY KEY)');
        await this.sql.execute('INSERT INTO no_such_table (id) VALUES (1)');
      }
    }
    await expect(runner([Untransactional]).migrate()).rejects.toThrow(MigrationFailedError);
    expect(await tables()).toContain('kept');
    expect((await runner([Untransactional]).status())[0].state).toBe('pending');
  });

  it('detects a changed and a missing applied migration in validate() and migrate(); acceptChanges re-records', async () => {
    await runner([CreateThings, AddThing, AddAnotherThing]).migrate();
    class Later extends Migration {
      version = '20';
      description = 'later';
      async up() {}
    }
    const edited = runner([CreateThings, AddAnotherThingEdited, Later]);
    expect((await edited.status()).map((s) => [s.version, s.state])).toEqual([
      ['1', 'applied'],
      ['2', 'missing'],
      ['10', 'changed'],
      ['20', 'pending'],
    ]);
    const error = (await edited.validate().catch((e: unknown) => e)) as MigrationValidationError;
    expect(error).toBeInstanceOf(MigrationValidationError);
    expect(error.problems).toHaveLength(2);
    expect(error.message).toMatch(/Migration 10 \(AddAnotherThingEdited\) changed after it was applied/);
    expect(error.message).toMatch(/Migration 2 \(Add a thing\) is recorded as applied but no known migration has that version/);
    await expect(edited.migrate()).rejects.toThrow(MigrationValidationError);
    expect((await edited.status()).find((s) => s.version === '20')?.state).toBe('pending');
    // validateBeforeApply: false applies anyway, leaving the problems reported by status
    await runner([CreateThings, AddAnotherThingEdited, Later], { validateBeforeApply: false }).plan();
    // the opt-in accepts: new checksum recorded, missing row dropped
    const statuses = await edited.validate({ acceptChanges: true });
    expect(statuses.map((s) => [s.version, s.state])).toEqual([['1', 'applied'], ['10', 'applied'], ['20', 'pending']]);
    expect((await edited.migrate()).map((s) => s.version)).toEqual(['20']);
    await expect(edited.validate()).resolves.toHaveLength(3);
  });

  it('validateBeforeApply: false applies pending migrations despite a changed one (status still reports it)', async () => {
    await runner([CreateThings, AddThing, AddAnotherThing]).migrate();
    class Later extends Migration {
      version = '20';
      description = 'later';
      async up() {}
    }
    const lenient = runner([CreateThings, AddThing, AddAnotherThingEdited, Later], { validateBeforeApply: false });
    expect((await lenient.migrate()).map((s) => s.version)).toEqual(['20']);
    expect((await lenient.status()).find((s) => s.version === '10')?.state).toBe('changed');
  });

  it('duplicate versions are an error naming both files', async () => {
    const found = [
      ...(await discoverMigrations(path.join(FIXTURES, 'duplicate-a'))),
      ...(await discoverMigrations(path.join(FIXTURES, 'duplicate-b'))),
    ];
    const error = (await runner(found).plan().catch((e: unknown) => e)) as MigrationValidationError;
    expect(error).toBeInstanceOf(MigrationValidationError);
    expect(error.message).toContain(`Two migrations have version 003: ${path.join(FIXTURES, 'duplicate-a', '003-first.ts')} and ${path.join(FIXTURES, 'duplicate-b', '003-second.ts')}`);
  });

  it('honours dependsOn across directories and names a missing dependency and a cycle', async () => {
    const app = await discoverMigrations(path.join(FIXTURES, 'app'));
    const lib = await discoverMigrations(path.join(FIXTURES, 'lib'));
    const missing = (await runner(app).plan().catch((e: unknown) => e)) as MigrationDependencyError;
    expect(missing).toBeInstanceOf(MigrationDependencyError);
    expect(missing.message).toBe('Migration 001 depends on lib-001, which no known migration has as its version.');
    const both = runner([...app, ...lib]);
    expect((await both.migrate()).map((s) => s.version)).toEqual(['lib-001', '001', '002']);
    expect(await db.sql.fetchAll('SELECT name FROM items')).toEqual([{ name: 'anvil' }]);
    const cycle = (await runner(await discoverMigrations(path.join(FIXTURES, 'cycle'))).plan().catch((e: unknown) => e)) as MigrationDependencyError;
    expect(cycle).toBeInstanceOf(MigrationDependencyError);
    expect(cycle.message).toBe('Migrations depend on each other in a cycle: a -> c -> b -> a.');
  });

  it('rollback() undoes the last one; rollbackTo() undoes every later one, newest first', async () => {
    const events: string[] = [];
    const r = runner([CreateThings, AddThing, AddAnotherThing, CopyToDocuments], {
      events: { emit: async (name, payload) => void events.push(`${name}:${payload.version}:${payload.direction}`) },
    });
    await r.migrate();
    expect(await db.nosql.collection('things').count({})).toBe(2);
    expect((await r.rollback()).map((s) => [s.version, s.direction])).toEqual([['40', 'down']]);
    expect(await db.nosql.collection('things').count({})).toBe(0);
    events.length = 0;
    expect((await r.rollbackTo('1')).map((s) => s.version)).toEqual(['10', '2']);
    expect(events).toEqual(['migration.started:10:down', 'migration.completed:10:down', 'migration.started:2:down', 'migration.completed:2:down']);
    expect(await things()).toEqual([]);
    expect((await r.status()).map((s) => s.state)).toEqual(['applied', 'pending', 'pending', 'pending']);
    await expect(r.rollbackTo('10')).rejects.toThrow('Migration 10 is not applied');
    await expect(r.rollbackTo('77')).rejects.toThrow('No known migration has version 77.');
    expect(await r.rollback()).toHaveLength(1);
    expect(await r.rollback()).toEqual([]);
  });

  it.each([
    ['without down()', NoDown],
    ['whose down() throws IrreversibleMigrationError', ThrowingDown],
  ])('refuses to roll back past a migration %s before changing anything', async (_label, Irreversible) => {
    const r = runner([CreateThings, AddThing, Irreversible, AddAnotherThing]);
    await r.migrate();
    const before = await r.status();
    const error = (await r.rollbackTo('1').catch((e: unknown) => e)) as IrreversibleMigrationError;
    expect(error).toBeInstanceOf(IrreversibleMigrationError);
    expect(error.version).toBe('3');
    expect(error.message).toContain(`Migration 3 (${new Irreversible().description}) is irreversible`);
    expect(await r.status()).toEqual(before);
    expect(await things()).toEqual(['ONE', 'two']);
    // rolling back only what is after it still works
    expect((await r.rollbackTo('3')).map((s) => s.version)).toEqual(['10']);
  });

  it('runs a TypeORM MigrationInterface class unchanged, both ways', async () => {
    const r = runner([TypeOrmCreateGadgets1700000000000]);
    expect((await r.migrate()).map((s) => [s.version, s.description])).toEqual([['1700000000000', 'TypeOrmCreateGadgets']]);
    expect(await db.sql.fetchAll('SELECT id FROM gadgets')).toEqual([{ id: 7 }]);
    await r.rollback();
    expect(await tables()).not.toContain('gadgets');
  });

  it('baseline(version) records an existing schema as migrated without running it', async () => {
    await db.sql.execute('CREATE TABLE things (id INTEGER PRIMARY KEY, name VARCHAR(50) NOT NULL)');
    const r = runner([CreateThings, AddThing, AddAnotherThing]);
    const statuses = await r.baseline('1');
    expect(statuses.map((s) => [s.version, s.state, s.recordedAs])).toEqual([['1', 'applied', 'baseline'], ['2', 'pending', undefined], ['10', 'pending', undefined]]);
    expect((await r.migrate()).map((s) => s.version)).toEqual(['2', '10']);
    await expect(r.baseline('2')).rejects.toThrow('baseline() needs an empty history, but _migrations already records 3 migrations.');
  });

  it('discovers compiled .js migrations and leaves declaration files out', async () => {
    const found = await discoverMigrations(path.join(FIXTURES, 'compiled'), { pattern: '*.js' });
    expect(found.map((f) => path.basename(f.file as string))).toEqual(['001-compiled.js']);
    await runner(found).migrate();
    expect(await tables()).toContain('compiled');
  });
}
