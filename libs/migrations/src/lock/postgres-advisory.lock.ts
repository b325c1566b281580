import type { SqlAdapter } from '@acb/adapters';
import { MigrationLockTimeoutError } from '../errors/migration-lock-timeout.error';
import { MigrationsOptionsError } from '../errors/migrations-options.error';
import { MigrationsMessages } from '../migrations.messages';
import { sleep, type MigrationLockHandle, type MigrationLockOptions } from './migration-lock';

/** The first key of the two-key advisory lock: 'ACB!' (the second is the table name's hash). */
const LOCK_NAMESPACE = 0x41434221;

interface HolderRow {
  pid: number;
  application_name: string | null;
  client_addr: string | null;
  backend_start: Date | null;
}

/**
 * A PostgreSQL session-level advisory lock on a connection of its own, held for the whole run. A holder that dies
 * (even by SIGKILL) loses its connection and PostgreSQL releases the lock with it, so a crash never leaves it stuck.
 */
export async function acquirePostgresLock(sql: SqlAdapter, options: MigrationLockOptions): Promise<MigrationLockHandle> {
  // NOTE: the lock holds one pooled connection for the whole run while each migration's transaction takes another.
  const poolSize = (sql.dataSource.options as { poolSize?: number }).poolSize;
  if (poolSize !== undefined && poolSize < 2) throw new MigrationsOptionsError(MigrationsMessages.poolTooSmall(poolSize));
  const key = tableKey(options.table);
  const queryRunner = sql.dataSource.createQueryRunner();
  await queryRunner.connect();
  const started = Date.now();
  let told = false;
  try {
    for (;;) {
      const [row] = (await queryRunner.query('SELECT pg_try_advisory_lock($1, $2) AS locked', [LOCK_NAMESPACE, key])) as Array<{ locked: boolean }>;
      if (row?.locked) break;
      const holder = await describeHolder(queryRunner.query.bind(queryRunner), key);
      const waited = Date.now() - started;
      if (waited >= options.timeoutMs) {
        throw new MigrationLockTimeoutError(MigrationsMessages.lockTimeout(options.table, waited, holder), holder);
      }
      if (!told) options.onWait(holder);
      told = true;
      await sleep(Math.min(options.pollMs, Math.max(1, options.timeoutMs - waited)));
    }
  } catch (error) {
    await queryRunner.release();
    throw error;
  }
  return {
    async release() {
      try {
        await queryRunner.query('SELECT pg_advisory_unlock($1, $2)', [LOCK_NAMESPACE, key]);
      } finally {
        await queryRunner.release();
      }
    },
  };
}

async function describeHolder(query: (sql: string, params: unknown[]) => Promise<unknown>, key: number): Promise<string> {
  const rows = (await query(
    `SELECT a.pid, a.application_name, a.client_addr::text AS client_addr, a.backend_start
       FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
      WHERE l.locktype = 'advisory' AND l.granted AND l.classid = $1::bigint::oid AND l.objid = $2::bigint::oid AND l.objsubid = 2`,
    [LOCK_NAMESPACE, key],
  )) as HolderRow[];
  const row = rows[0];
  if (!row) return 'a process that just released it';
  const app = row.application_name ? ` (${row.application_name})` : '';
  return `PostgreSQL backend pid ${row.pid}${app} from ${row.client_addr ?? 'a local socket'}`;
}

/** A stable non-negative 31-bit FNV-1a hash of the table name. */
function tableKey(table: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < table.length; index++) {
    hash ^= table.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 1) & 0x7fffffff;
}
