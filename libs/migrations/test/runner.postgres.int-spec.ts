import { Migration, MigrationFailedError, MigrationRunner, MigrationsOptionsError } from '@acb/migrations';
import { describeWithServer } from '../../../test/servers';
import { openPostgres, type TestDatabase } from './support/databases';
import { runnerSemantics } from './support/runner-semantics';
import { quiet } from './support/quiet-logger';

describeWithServer('postgres', 'MigrationRunner on PostgreSQL', (url) => {
  runnerSemantics(() => openPostgres(url));

  it('refuses a pool of one connection with a clear error (the lock would starve the migrations)', async () => {
    const db = await openPostgres(url, { poolSize: 1 });
    try {
      const runner = new MigrationRunner({ sql: db.sql, migrations: [], logger: quiet });
      await expect(runner.migrate()).rejects.toThrow(MigrationsOptionsError);
      await expect(runner.migrate()).rejects.toThrow(/at least 2 connections .* poolSize is 1/);
    } finally {
      await db.close();
    }
  });

  describe('statements PostgreSQL refuses inside a transaction', () => {
    let db: TestDatabase;
    beforeEach(async () => {
      db = await openPostgres(url);
      await db.sql.execute('CREATE TABLE accounts (id INTEGER PRIMARY KEY, email TEXT NOT NULL)');
    });
    afterEach(() => db.close());

    it('CREATE INDEX CONCURRENTLY fails in a transactional migration and runs with transactional = false', async () => {
      class InTransaction extends Migration {
        version = '1';
        description = 'index, in a transaction';
        async up() {
          await this.sql.execute('CREATE INDEX CONCURRENTLY accounts_email ON accounts (email)');
        }
      }
      class Concurrently extends Migration {
        version = '1';
        description = 'index, concurrently';
        override transactional = false;
        async up() {
          await this.sql.execute('CREATE INDEX CONCURRENTLY accounts_email ON accounts (email)');
        }
        override async down() {
          await this.sql.execute('DROP INDEX CONCURRENTLY accounts_email');
        }
      }
      const refused = (await new MigrationRunner({ sql: db.sql, migrations: [InTransaction], logger: quiet }).migrate().catch((e: unknown) => e)) as MigrationFailedError;
      expect(refused).toBeInstanceOf(MigrationFailedError);
      expect(refused.message).toMatch(/at statement: CREATE INDEX CONCURRENTLY accounts_email ON accounts \(email\): CREATE INDEX CONCURRENTLY cannot run inside a transaction block/);
      const runner = new MigrationRunner({ sql: db.sql, migrations: [Concurrently], logger: quiet });
      expect((await runner.migrate()).map((s) => s.version)).toEqual(['1']);
      expect(await db.sql.fetchOne("SELECT indexname FROM pg_indexes WHERE indexname = 'accounts_email'")).toEqual({ indexname: 'accounts_email' });
      await runner.rollback();
      expect(await db.sql.fetchOne("SELECT indexname FROM pg_indexes WHERE indexname = 'accounts_email'")).toBeUndefined();
    });
  });
});
