/**
 * Adapter benchmarks (suite `adapters`), each side by side with the raw library in one process, interleaved rounds:
 * - memory cache set+get vs lru-cache: with an object value against lru-cache plus the same JSON copy (the cache's
 *   contract: values round-trip as JSON), against lru-cache holding the object by reference (what the copy costs),
 *   and with a string value (kept as is, no JSON) against raw synchronous lru-cache and against lru-cache behind
 *   async get/set (what a promise-returning API costs by itself).
 * - redis cache set+get vs raw ioredis on the same server (same JSON text), sequential, one operation of each in turn.
 * - sql fetchOne on PostgreSQL vs raw pg (a pg.Pool of the same size), sequential, by primary key, one of each in
 *   turn.
 * - the same redis and PostgreSQL operations with 10 and 100 calls in flight at once (3,000 per round), ours and the
 *   raw library in interleaved rounds (a redis client pipelines them; the pg pools queue them).
 * A plain node script (bench/harness.ts). Redis and PostgreSQL rows need the servers (`scripts/servers.sh ensure`,
 * run by `npm run bench`); without them the suite records what it can and says what it left out.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { LRUCache } from 'lru-cache';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { MemoryCacheAdapter } from '../libs/adapters/src/cache/memory.cache';
import { RedisCacheAdapter } from '../libs/adapters/src/cache/redis.cache';
import { PostgresSqlAdapter } from '../libs/adapters/src/sql/postgres.sql';
import { compare, report, servers, throughput, withConcurrency, type BenchResult } from './harness';

// NOTE: many short interleaved rounds: on a shared, loaded machine that averages the load out of the medians.
const ROUNDS = 15;
const SERVER_ROUNDS = 21;
const MEMORY_OPS = 20_000;
const REDIS_OPS = 600;
const SQL_OPS = 600;
const KEYS = 1_000;
const CONCURRENCIES = [10, 100];
const CONCURRENT_OPS = 3_000;
const CONCURRENT_ROUNDS = 9;
const logger = new Logger('adapters-bench');
const value = (i: number) => ({ id: i, name: `user-${i}`, tags: ['a', 'b'], active: true });

/**
 * Ours and the baseline one operation each in turn, each timed on its own, so both see the same load from moment to
 * moment (a shared machine's load moves faster than a batch round). Whichever side `compare` asks for first runs the
 * paired loop; the other side then gets its figure from the same loop.
 */
function paired(ops: number, ours: (i: number) => Promise<void>, baseline: (i: number) => Promise<void>) {
  let pending: { ours: number; baseline: number } | undefined;
  const run = async () => {
    let oursNs = 0n;
    let baselineNs = 0n;
    for (let i = 0; i < ops; i += 1) {
      const first = i % 2 === 0;
      const t0 = process.hrtime.bigint();
      await (first ? ours(i) : baseline(i));
      const t1 = process.hrtime.bigint();
      await (first ? baseline(i) : ours(i));
      const t2 = process.hrtime.bigint();
      oursNs += first ? t1 - t0 : t2 - t1;
      baselineNs += first ? t2 - t1 : t1 - t0;
    }
    return { ours: ops / (Number(oursNs) / 1e9), baseline: ops / (Number(baselineNs) / 1e9) };
  };
  const take = async (side: 'ours' | 'baseline') => {
    if (!pending) pending = await run();
    const value = pending[side];
    const other = side === 'ours' ? 'baseline' : 'ours';
    if (Number.isNaN(pending[other])) pending = undefined;
    else pending = { ...pending, [side]: Number.NaN };
    return value;
  };
  return { ours: () => take('ours'), baseline: () => take('baseline') };
}

/** The same operation of ours and of the raw library with 10 and 100 calls in flight, interleaved rounds. */
async function concurrentRows(name: string, baselineName: string, ours: (i: number) => Promise<void>, baseline: (i: number) => Promise<void>): Promise<BenchResult[]> {
  const rows: BenchResult[] = [];
  for (const concurrency of CONCURRENCIES) {
    rows.push(
      await compare({
        name: `${name} (${concurrency} in flight, ${CONCURRENT_OPS} ops)`,
        unit: 'ops/s',
        goal: '>= 0.9',
        baselineName,
        rounds: CONCURRENT_ROUNDS,
        ours: () => throughput(CONCURRENT_OPS, () => withConcurrency(CONCURRENT_OPS, concurrency, ours)),
        baseline: () => throughput(CONCURRENT_OPS, () => withConcurrency(CONCURRENT_OPS, concurrency, baseline)),
      }),
    );
  }
  return rows;
}

function context(settings: Record<string, unknown>, appName = `bench-${randomUUID()}`) {
  return { appName, settings, logger };
}

async function memoryRows(): Promise<BenchResult[]> {
  const cache = new MemoryCacheAdapter(context({ max: 10_000 }));
  const copied = new LRUCache<string, string>({ max: 10_000 });
  const byReference = new LRUCache<string, object>({ max: 10_000 });
  const strings = new LRUCache<string, string>({ max: 10_000 });
  const values = Array.from({ length: KEYS }, (_, i) => value(i));
  const texts = Array.from({ length: KEYS }, (_, i) => `value-${i}-${'x'.repeat(32)}`);
  const keys = Array.from({ length: KEYS }, (_, i) => `user:${i}`);
  const ours = () =>
    throughput(MEMORY_OPS, async () => {
      for (let i = 0; i < MEMORY_OPS / 2; i += 1) {
        const k = i % KEYS;
        await cache.set(keys[k], values[k]);
        if ((await cache.get(keys[k])) === undefined) throw new Error('miss');
      }
    });
  const oursStrings = () =>
    throughput(MEMORY_OPS, async () => {
      for (let i = 0; i < MEMORY_OPS / 2; i += 1) {
        const k = i % KEYS;
        await cache.set(keys[k], texts[k]);
        if ((await cache.get(keys[k])) === undefined) throw new Error('miss');
      }
    });
  // NOTE: the least any promise-returning cache API costs: lru-cache behind two async functions.
  const asyncStrings = {
    set: async (key: string, text: string) => {
      strings.set(key, text);
    },
    get: async (key: string) => strings.get(key),
  };
  return [
    await compare({
      name: 'memory cache set+get (object)',
      unit: 'ops/s',
      goal: '>= 0.8',
      baselineName: 'lru-cache + JSON copy',
      rounds: ROUNDS,
      ours,
      baseline: () =>
        throughput(MEMORY_OPS, async () => {
          for (let i = 0; i < MEMORY_OPS / 2; i += 1) {
            const k = i % KEYS;
            copied.set(keys[k], JSON.stringify(values[k]));
            if (JSON.parse(copied.get(keys[k]) as string) === undefined) throw new Error('miss');
          }
        }),
    }),
    await compare({
      name: 'memory cache set+get (object)',
      unit: 'ops/s',
      goal: '>= 0.8',
      baselineName: 'lru-cache by reference (no copy)',
      rounds: ROUNDS,
      ours,
      baseline: () =>
        throughput(MEMORY_OPS, async () => {
          for (let i = 0; i < MEMORY_OPS / 2; i += 1) {
            const k = i % KEYS;
            byReference.set(keys[k], values[k]);
            if (byReference.get(keys[k]) === undefined) throw new Error('miss');
          }
        }),
    }),
    await compare({
      name: 'memory cache set+get (string)',
      unit: 'ops/s',
      goal: '>= 0.8',
      baselineName: 'lru-cache (synchronous calls)',
      rounds: ROUNDS,
      ours: oursStrings,
      baseline: () =>
        throughput(MEMORY_OPS, async () => {
          for (let i = 0; i < MEMORY_OPS / 2; i += 1) {
            const k = i % KEYS;
            strings.set(keys[k], texts[k]);
            if (strings.get(keys[k]) === undefined) throw new Error('miss');
          }
        }),
    }),
    await compare({
      name: 'memory cache set+get (string)',
      unit: 'ops/s',
      goal: '>= 0.8',
      baselineName: 'lru-cache behind async get/set',
      rounds: ROUNDS,
      ours: oursStrings,
      baseline: () =>
        throughput(MEMORY_OPS, async () => {
          for (let i = 0; i < MEMORY_OPS / 2; i += 1) {
            const k = i % KEYS;
            await asyncStrings.set(keys[k], texts[k]);
            if ((await asyncStrings.get(keys[k])) === undefined) throw new Error('miss');
          }
        }),
    }),
  ];
}

async function redisRows(url: string): Promise<BenchResult[]> {
  const appName = `acb-bench-${randomUUID()}`;
  const cache = new RedisCacheAdapter(context({ url }, appName));
  await cache.connect();
  const raw = new Redis(url);
  const prefix = `${appName}-raw:`;
  try {
    return [
      await compare({
        name: 'redis cache set+get (object)',
        unit: 'ops/s',
        goal: '>= 0.9',
        baselineName: 'raw ioredis (same JSON, same server)',
        rounds: SERVER_ROUNDS,
        warmup: 3,
        ...paired(
          REDIS_OPS,
          async (i) => {
            const k = `user:${i % KEYS}`;
            await cache.set(k, value(i));
            if ((await cache.get(k)) === undefined) throw new Error('miss');
          },
          async (i) => {
            const k = `${prefix}user:${i % KEYS}`;
            await raw.set(k, JSON.stringify(value(i)));
            const text = await raw.get(k);
            if (text === null || JSON.parse(text) === undefined) throw new Error('miss');
          },
        ),
      }),
      ...(await concurrentRows(
        'redis cache set+get (object)',
        'raw ioredis (same JSON, same server)',
        async (i) => {
          const k = `user:${i % KEYS}`;
          await cache.set(k, value(i));
          if ((await cache.get(k)) === undefined) throw new Error('miss');
        },
        async (i) => {
          const k = `${prefix}user:${i % KEYS}`;
          await raw.set(k, JSON.stringify(value(i)));
          const text = await raw.get(k);
          if (text === null || JSON.parse(text) === undefined) throw new Error('miss');
        },
      )),
    ];
  } finally {
    await cache.clear();
    let cursor = '0';
    do {
      const [next, found] = await raw.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (found.length > 0) await raw.unlink(...found);
    } while (cursor !== '0');
    await cache.close();
    await raw.quit();
  }
}

async function sqlRows(url: string): Promise<BenchResult[]> {
  const table = `acb_bench_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  const ctx = context({ url, poolSize: 4 });
  const sql = new PostgresSqlAdapter({ ...ctx, dataSource: new DataSource(PostgresSqlAdapter.dataSourceOptions(ctx)) });
  await sql.connect();
  const pool = new Pool({ connectionString: url, max: 4 });
  try {
    await sql.execute(`CREATE TABLE ${table} (id INTEGER PRIMARY KEY, name TEXT NOT NULL, total INTEGER NOT NULL)`);
    await sql.execute(`INSERT INTO ${table} (id, name, total) SELECT g, 'user-' || g, g * 3 FROM generate_series(1, ?) AS g`, [KEYS]);
    return [
      await compare({
        name: 'sql fetchOne on PostgreSQL',
        unit: 'ops/s',
        goal: '>= 0.9',
        baselineName: 'raw pg Pool.query',
        rounds: SERVER_ROUNDS,
        warmup: 3,
        ...paired(
          SQL_OPS,
          async (i) => {
            const row = await sql.fetchOne(`SELECT id, name, total FROM ${table} WHERE id = ?`, [(i % KEYS) + 1]);
            if (!row) throw new Error('miss');
          },
          async (i) => {
            const result = await pool.query(`SELECT id, name, total FROM ${table} WHERE id = $1`, [(i % KEYS) + 1]);
            if (!result.rows[0]) throw new Error('miss');
          },
        ),
      }),
      ...(await concurrentRows(
        'sql fetchOne on PostgreSQL',
        'raw pg Pool.query',
        async (i) => {
          const row = await sql.fetchOne(`SELECT id, name, total FROM ${table} WHERE id = ?`, [(i % KEYS) + 1]);
          if (!row) throw new Error('miss');
        },
        async (i) => {
          const result = await pool.query(`SELECT id, name, total FROM ${table} WHERE id = $1`, [(i % KEYS) + 1]);
          if (!result.rows[0]) throw new Error('miss');
        },
      )),
    ];
  } finally {
    await sql.execute(`DROP TABLE IF EXISTS ${table}`);
    await sql.close();
    await pool.end();
  }
}

async function main(): Promise<void> {
  const results: BenchResult[] = [...(await memoryRows())];
  const redis = servers('adapters', ['redis']);
  if (redis) results.push(...(await redisRows(redis.redis)));
  const postgres = servers('adapters', ['postgres']);
  if (postgres) results.push(...(await sqlRows(postgres.postgres)));
  report('adapters', results);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
