// A separate process migrating one database, for the lock tests:
//   node -r test/register-ts.js libs/migrations/test/support/migrate-child.ts <sqlite|postgres> <file|url> <migrate|hold> [count]
// `migrate` applies `count` migrations that each log (version, pid) into applied_log, then prints its steps as JSON;
// `hold` starts a migration that prints "holding" and never finishes (the test kills it with SIGKILL).
import { Migration, MigrationRunner } from '@acb/migrations';
import { connectAgain } from './databases';
import { loggedMigrations } from './logged-migrations';
import { quiet } from './quiet-logger';

async function main(): Promise<void> {
  const [dialect, target, mode, count] = process.argv.slice(2);
  const db = await connectAgain(dialect as 'sqlite' | 'postgres', target);
  if (mode === 'hold') {
    class Hold extends Migration {
      version = '000';
      description = 'holds the lock forever';
      async up() {
        await this.sql.execute('CREATE TABLE held (id INTEGER)');
        process.stdout.write('holding\n');
        await new Promise(() => undefined);
      }
    }
    await new MigrationRunner({ sql: db.sql, migrations: [Hold], logger: quiet }).migrate();
    return;
  }
  const runner = new MigrationRunner({ sql: db.sql, migrations: loggedMigrations(Number(count)), logger: quiet, migrationLogger: () => quiet, lockTimeoutMs: 60_000, lockPollMs: 20 });
  const steps = await runner.migrate();
  process.stdout.write(`${JSON.stringify(steps.map((step) => step.version))}\n`);
  await db.close();
}

main().catch((error) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
