import type { LoggerService } from '@nestjs/common';

/**
 * `ioredis` and `pg` are loaded only when a redis/postgres nosql adapter connects, so an app on memory/sqlite runs
 * without them installed. Here both packages "fail to load": importing and constructing still work.
 */
jest.mock('pg', () => {
  throw new Error('pg was loaded');
});
jest.mock('ioredis', () => {
  throw new Error('ioredis was loaded');
});

const logger: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };

describe('nosql adapters load their drivers lazily', () => {
  it('imports and constructs the postgres adapter without pg, and needs it on connect', async () => {
    const { PostgresNoSqlAdapter } = await import('../src/nosql/postgres/postgres-nosql.adapter');
    const adapter = new PostgresNoSqlAdapter({ appName: 'lazy', settings: { postgres: { host: 'db.example', port: 6543, database: 'app' } }, logger });
    expect(adapter.target).toBe('db.example:6543/app');
    await expect(adapter.connect()).rejects.toThrow('pg was loaded');
  });

  it('imports and constructs the redis adapter without ioredis, and needs it on connect', async () => {
    const { RedisNoSqlAdapter } = await import('../src/nosql/redis/redis-nosql.adapter');
    const adapter = new RedisNoSqlAdapter({ appName: 'lazy', settings: { url: 'redis://cache.example:6400/2' }, logger });
    expect(adapter.target).toBe('cache.example:6400');
    await expect(adapter.connect()).rejects.toThrow('ioredis was loaded');
  });
});
