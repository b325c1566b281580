import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { SqlAdapter } from '@acb/adapters';
import { MigrationLockTimeoutError } from '../errors/migration-lock-timeout.error';
import { quoteTableName } from '../runner/history-table';
import { MigrationsMessages } from '../migrations.messages';
import { sleep, type MigrationLockHandle, type MigrationLockOptions } from './migration-lock';

interface LockRow {
  token: string;
  host: string;
  pid: number | string;
  acquired_at: string;
}

/**
 * SQLite has no session locks that outlive a statement here (the adapter's one connection also runs the
 * migrations' transactions), so the lock is a row: `INSERT OR IGNORE` of row 1 in `<table>_lock` is atomic under
 * SQLite's file lock, so exactly one process inserts it. A holder on this host whose pid no longer runs (killed,
 * crashed) is stale: its row is deleted (only that holder's, by token) and the lock taken over.
 */
export async function acquireSqliteLock(sql: SqlAdapter, options: MigrationLockOptions): Promise<MigrationLockHandle> {
  const table = quoteTableName(`${options.table}_lock`);
  await sql.execute(
    `CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY CHECK (id = 1), token VARCHAR(64) NOT NULL, host VARCHAR(255) NOT NULL, pid INTEGER NOT NULL, acquired_at VARCHAR(40) NOT NULL)`,
  );
  const token = randomUUID();
  const host = hostname();
  const started = Date.now();
  let told = false;
  for (;;) {
    let row: LockRow | undefined;
    try {
      const inserted = await sql.execute(`INSERT OR IGNORE INTO ${table} (id, token, host, pid, acquired_at) VALUES (1, ?, ?, ?, ?)`, [
        token,
        host,
        process.pid,
        new Date().toISOString(),
      ]);
      if (inserted.affected === 1) break;
      row = await sql.fetchOne<LockRow>(`SELECT token, host, pid, acquired_at FROM ${table} WHERE id = 1`);
      if (!row) continue;
    } catch (error) {
      // NOTE: another process is writing (its migration's transaction) past the busy timeout: it holds the lock.
      if (!isBusy(error)) throw error;
    }
    const holder = row ? `${row.host}:${row.pid} since ${row.acquired_at}` : 'another process writing to the database';
    if (row && row.host === host && !isRunning(Number(row.pid))) {
      await sql.execute(`DELETE FROM ${table} WHERE id = 1 AND token = ?`, [row.token]);
      options.onStaleTaken(holder);
      continue;
    }
    const waited = Date.now() - started;
    if (waited >= options.timeoutMs) throw new MigrationLockTimeoutError(MigrationsMessages.lockTimeout(options.table, waited, holder), holder);
    if (!told) options.onWait(holder);
    told = true;
    await sleep(Math.min(options.pollMs, Math.max(1, options.timeoutMs - waited)));
  }
  return {
    async release() {
      await sql.execute(`DELETE FROM ${table} WHERE id = 1 AND token = ?`, [token]);
    },
  };
}

function isBusy(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED' || /database is locked/i.test(String((error as Error | null)?.message));
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // NOTE: EPERM: the process exists but belongs to another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
