/**
 * Adapter benchmarks (suite `adapters`), each side by side with the raw library in one process, interleaved rounds:
 * - memory cache set+get vs lru-cache: with an object value against lru-cache plus the same JSON copy (the cache's
 *   contract: values round-trip as JSON), against lru-cache holding the object by reference (what the copy costs),
 *   and with a string value (kept as is, no JSON) against raw lru-cache.
 * - redis cache set+get vs raw ioredis on the same server (same JSON text, same key namespace), sequential.
 * - sql fetchOne on PostgreSQL vs raw pg (a pg.Pool of the same size), sequential, by primary key.
 * Redis and PostgreSQL rows need TEST_REDIS_URL / TEST_POSTGRES_URL (scripts/servers.sh start); without them the
 * suite records what it can and says what it left out.
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
import { compare, report, throughput, type BenchResult } from './harness';

// NOTE: jest 29 ignores `testTimeout` inside a project entry, so the suite sets its own.
jest.setTimeout(600_000);

const ROUNDS = 7;
const MEMORY_OPS = 20_000;
const REDIS_OPS = 2_000;
const SQL_OPS = 1_000;
const KEYS = 1_000;
const logger = new Logger('adapters-bench');
const value = (i: number) => ({ id: i, name: `user-${i}`, tags: ['a', 'b'], active: true });

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
      baselineName: 'lru-cache',
      rounds: ROUNDS,
      ours: () =>
        throughput(MEMORY_OPS, async () => {
          for (let i = 0; i < MEMORY_OPS / 2; i += 1) {
            const k = i % KEYS;
            await cache.set(keys[k], texts[k]);
            if ((await cache.get(keys[k])) === undefined) throw new Error('miss');
          }
        }),
      baseline: () =>
        throughput(MEMORY_OPS, async () => {
          for (let i = 0; i < MEMORY_OPS / 2; i += 1) {
            const k = i % KEYS;
            strings.set(keys[k], texts[k]);
            if (strings.get(keys[k]) === undefined) throw new Error('miss');
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
        rounds: ROUNDS,
        ours: () =>
          throughput(REDIS_OPS, async () => {
            for (let i = 0; i < REDIS_OPS / 2; i += 1) {
              const k = `user:${i % KEYS}`;
              await cache.set(k, value(i));
              if ((await cache.get(k)) === undefined) throw new Error('miss');
            }
          }),
        baseline: () =>
          throughput(REDIS_OPS, async () => {
            for (let i = 0; i < REDIS_OPS / 2; i += 1) {
              const k = `${prefix}user:${i % KEYS}`;
              await raw.set(k, JSON.stringify(value(i)));
              const text = await raw.get(k);
              if (text === null || JSON.parse(text) === undefined) throw new Error('miss');
            }
          }),
      }),
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
        rounds: ROUNDS,
        ours: () =>
          throughput(SQL_OPS, async () => {
            for (let i = 0; i < SQL_OPS; i += 1) {
              const row = await sql.fetchOne(`SELECT id, name, total FROM ${table} WHERE id = ?`, [(i % KEYS) + 1]);
              if (!row) throw new Error('miss');
            }
          }),
        baseline: () =>
          throughput(SQL_OPS, async () => {
            for (let i = 0; i < SQL_OPS; i += 1) {
              const result = await pool.query(`SELECT id, name, total FROM ${table} WHERE id = $1`, [(i % KEYS) + 1]);
              if (!result.rows[0]) throw new Error('miss');
            }
          }),
      }),
    ];
  } finally {
    await sql.execute(`DROP TABLE IF EXISTS ${table}`);
    await sql.close();
    await pool.end();
  }
}

describe('adapters benchmarks', () => {
  it('measures the cache and sql adapters against their raw libraries', async () => {
    const results: BenchResult[] = [...(await memoryRows())];
    const redisUrl = process.env.TEST_REDIS_URL;
    const postgresUrl = process.env.TEST_POSTGRES_URL;
    if (redisUrl) results.push(...(await redisRows(redisUrl)));
    else process.stderr.write('\n*** adapters bench: TEST_REDIS_URL not set — redis cache row left out ***\n');
    if (postgresUrl) results.push(...(await sqlRows(postgresUrl)));
    else process.stderr.write('\n*** adapters bench: TEST_POSTGRES_URL not set — PostgreSQL row left out ***\n');
    report('adapters', results);
    expect(results.length).toBeGreaterThanOrEqual(3);
    for (const result of results) {
      expect(Number.isFinite(result.ours)).toBe(true);
      expect(Number.isFinite(result.baseline)).toBe(true);
      expect(Number.isFinite(result.ratio)).toBe(true);
    }
  });
});
