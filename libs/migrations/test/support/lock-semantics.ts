import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { Migration, MigrationLockTimeoutError, MigrationRunner } from '@acb/migrations';
import { connectAgain, type TestDatabase } from './databases';
import { loggedMigrations } from './logged-migrations';
import { quiet } from './quiet-logger';

const ROOT = path.resolve(__dirname, '../../../..');
const CHILD = path.join(__dirname, 'migrate-child.ts');

interface Child {
  process: ChildProcess;
  stdout: string[];
  exit: Promise<{ code: number | null; stderr: string }>;
}

function child(dialect: string, target: string, mode: 'migrate' | 'hold', count = 0): Child {
  const proc = spawn(process.execPath, ['-r', path.join(ROOT, 'test/register-ts.js'), CHILD, dialect, target, mode, String(count)], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: string[] = [];
  let stderr = '';
  proc.stdout?.on('data', (chunk: Buffer) => stdout.push(...chunk.toString().split('\n').filter(Boolean)));
  proc.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<{ code: number | null; stderr: string }>((resolve) => proc.on('close', (code) => resolve({ code, stderr })));
  return { process: proc, stdout, exit };
}

async function waitForLine(target: Child, line: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!target.stdout.includes(line)) {
    if (Date.now() > deadline || target.process.exitCode !== null) throw new Error(`child never printed ${line}: ${target.stdout.join('|')}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The migration lock across processes, on a database other processes can reach (SQLite file, PostgreSQL). */
export function lockSemantics(dialect: 'sqlite' | 'postgres', open: () => Promise<TestDatabase>): void {
  let db: TestDatabase;
  beforeEach(async () => {
    db = await open();
  });
  afterEach(() => db.close());

  it('four processes migrating at once apply each migration exactly once', async () => {
    const count = 15;
    const children = Array.from({ length: 4 }, () => child(dialect, db.target, 'migrate', count));
    const exits = await Promise.all(children.map((c) => c.exit));
    expect(exits.map((e) => (e.code === 0 ? 0 : e.stderr))).toEqual([0, 0, 0, 0]);
    const applied = children.map((c) => JSON.parse(c.stdout[c.stdout.length - 1]) as string[]);
    // every migration applied by exactly one of them, the others found nothing left to do
    expect(applied.flat().sort()).toEqual(Array.from({ length: count }, (_, i) => String(i + 1)).sort());
    const log = await db.sql.fetchAll<{ version: string; n: number }>('SELECT version, COUNT(*) AS n FROM applied_log GROUP BY version');
    expect(log).toHaveLength(count);
    expect(log.every((row) => Number(row.n) === 1)).toBe(true);
    expect((await db.sql.fetchOne<{ n: number }>('SELECT COUNT(*) AS n FROM _migrations'))?.n).toBe(count);
  }, 90_000);

  it('a holder killed with SIGKILL does not leave the lock stuck', async () => {
    const holder = child(dialect, db.target, 'hold');
    await waitForLine(holder, 'holding');
    holder.process.kill('SIGKILL');
    await holder.exit;
    const runner = new MigrationRunner({ sql: db.sql, migrations: loggedMigrations(2), logger: quiet, migrationLogger: () => quiet, lockTimeoutMs: 20_000 });
    expect((await runner.migrate()).map((s) => s.version)).toEqual(['1', '2']);
    // the killed holder's migration left nothing behind
    expect((await runner.status()).map((s) => s.version)).toEqual(['1', '2']);
  }, 60_000);

  it('a runner with nothing pending takes no lock and writes nothing (a start while another process migrates does not wait); one with a pending migration still waits', async () => {
    const [logged] = loggedMigrations(1);
    expect((await new MigrationRunner({ sql: db.sql, migrations: [logged], logger: quiet, migrationLogger: () => quiet }).migrate()).map((s) => s.version)).toEqual(['1']);
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    class Slow extends Migration {
      version = '2';
      description = 'slow';
      override transactional = false;
      async up() {
        entered();
        await gate;
      }
    }
    const holder = new MigrationRunner({ sql: db.sql, migrations: [logged, Slow], logger: quiet, migrationLogger: () => quiet });
    const running = holder.migrate();
    await inside;
    const other = await connectAgain(dialect, db.target);
    try {
      const upToDate = new MigrationRunner({ sql: other.sql, migrations: [logged], logger: quiet, lockTimeoutMs: 300, lockPollMs: 50 });
      const started = Date.now();
      expect(await upToDate.migrate()).toEqual([]);
      expect(Date.now() - started).toBeLessThan(290);
      const pending = new MigrationRunner({ sql: other.sql, migrations: [logged, Slow], logger: quiet, lockTimeoutMs: 300, lockPollMs: 50 });
      expect(await pending.migrate().catch((e: unknown) => e)).toBeInstanceOf(MigrationLockTimeoutError);
    } finally {
      release();
      await running;
      await other.close();
    }
    expect((await holder.status()).map((s) => s.state)).toEqual(['applied', 'applied']);
  });

  it('waiting longer than lockTimeoutMs fails with a clear error naming the holder, and applies nothing', async () => {
    let release!: () => void;
    let entered!: () => void;
    const inside = new Promise<void>((resolve) => (entered = resolve));
    const gate = new Promise<void>((resolve) => (release = resolve));
    class Slow extends Migration {
      version = '1';
      description = 'slow';
      override transactional = false;
      async up() {
        entered();
        await gate;
      }
    }
    const first = new MigrationRunner({ sql: db.sql, migrations: [Slow], logger: quiet, migrationLogger: () => quiet });
    const running = first.migrate();
    await inside;
    const other = await connectAgain(dialect, db.target);
    try {
      const second = new MigrationRunner({ sql: other.sql, migrations: [Slow], logger: quiet, lockTimeoutMs: 300, lockPollMs: 50 });
      const started = Date.now();
      const error = (await second.migrate().catch((e: unknown) => e)) as MigrationLockTimeoutError;
      expect(error).toBeInstanceOf(MigrationLockTimeoutError);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(error.message).toMatch(/^Timed out after \d+ ms waiting for the migration lock of _migrations \(held by /);
      expect(error.holder).toMatch(dialect === 'postgres' ? /PostgreSQL backend pid \d+/ : new RegExp(`:${process.pid} since `));
    } finally {
      release();
      await running;
      await other.close();
    }
    expect(await first.plan()).toEqual([]);
  });
}
