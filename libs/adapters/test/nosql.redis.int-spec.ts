import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import type { LoggerService } from '@nestjs/common';
import { Redis } from 'ioredis';
import { describeWithServer } from '../../../test/servers';
import { NoSqlConnectionError } from '../src/nosql/errors/nosql-connection.error';
import { RedisNoSqlAdapter } from '../src/nosql/redis/redis-nosql.adapter';
import { runNoSqlConformance } from './conformance/nosql.conformance';

const logger: LoggerService = { log: () => undefined, error: () => undefined, warn: () => undefined };
const appName = `nosql_redis_${randomBytes(4).toString('hex')}`;

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(check: () => Promise<boolean>, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describeWithServer('redis', 'RedisNoSqlAdapter (real Redis)', (url) => {
  const create = async (name = appName): Promise<RedisNoSqlAdapter> => {
    const adapter = new RedisNoSqlAdapter({ appName: name, settings: { redis: { url } }, logger });
    await adapter.connect();
    return adapter;
  };

  runNoSqlConformance('redis', { create: () => create(), destroy: (adapter) => (adapter as RedisNoSqlAdapter).close() });

  describe('key layout', () => {
    let raw: Redis;
    let adapter: RedisNoSqlAdapter;

    beforeAll(async () => {
      raw = new Redis(url);
      adapter = await create();
    });

    afterAll(async () => {
      await adapter.collection('layout').deleteMany({});
      await adapter.close();
      await raw.quit();
    });

    it('stores JSON under <app>:nosql:<collection>:<id> with an id set, and cleans both on delete', async () => {
      await adapter.collection('layout').insertMany([{ _id: 'k1', n: 1 }, { _id: 'k2', n: 2 }]);
      expect(JSON.parse((await raw.get(`${appName}:nosql:layout:k1`)) as string)).toEqual({ _id: 'k1', n: 1 });
      expect((await raw.smembers(`${appName}:nosql:layout`)).sort()).toEqual(['k1', 'k2']);
      await adapter.collection('layout').deleteOne({ _id: 'k1' });
      expect(await raw.exists(`${appName}:nosql:layout:k1`)).toBe(0);
      expect(await raw.smembers(`${appName}:nosql:layout`)).toEqual(['k2']);
    });

    it('two adapters (as two processes) incrementing one document lose no update', async () => {
      const second = await create();
      try {
        await adapter.collection('layout').insertOne({ _id: 'shared', n: 0 });
        const bump = (target: RedisNoSqlAdapter) => target.collection('layout').updateOne({ _id: 'shared' }, { $inc: { n: 1 } });
        await Promise.all(Array.from({ length: 20 }, (_, i) => bump(i % 2 === 0 ? adapter : second)));
        expect((await second.collection('layout').findOne({ _id: 'shared' }))?.n).toBe(20);
        await adapter.collection('layout').deleteOne({ _id: 'shared' });
      } finally {
        await second.close();
      }
    });

    it('keeps apps apart by namespace', async () => {
      const other = await create(`${appName}_other`);
      try {
        expect(await other.collection('layout').count()).toBe(0);
      } finally {
        await other.close();
      }
    });

    it('an update does not bring back a document deleted meanwhile', async () => {
      const collection = adapter.collection('layout');
      await collection.insertOne({ _id: 'gone', n: 1 });
      await raw.del(`${appName}:nosql:layout:gone`);
      expect(await collection.updateMany({}, { $set: { touched: true } })).toBeGreaterThanOrEqual(1);
      expect(await raw.exists(`${appName}:nosql:layout:gone`)).toBe(0);
      expect(await collection.findOne({ _id: 'gone' })).toBeUndefined();
      await raw.srem(`${appName}:nosql:layout`, 'gone');
    });
  });

  describe('a server that goes away (private redis-server)', () => {
    let server: ChildProcess | undefined;
    let port: number;

    beforeAll(async () => {
      port = await freePort();
      server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
        stdio: 'ignore',
      });
      const probe = new Redis({ port, lazyConnect: true, retryStrategy: () => null, maxRetriesPerRequest: 0 });
      probe.on('error', () => undefined);
      await waitFor(async () => {
        try {
          await probe.connect();
          return (await probe.ping()) === 'PONG';
        } catch {
          return false;
        }
      });
      probe.disconnect();
    }, 30_000);

    afterAll(() => {
      server?.kill('SIGKILL');
    });

    it('pings while up, fails ping once the server is gone, and cannot connect afterwards (naming host and port)', async () => {
      const adapter = new RedisNoSqlAdapter({
        appName,
        settings: { redis: { host: '127.0.0.1', port, pingTimeout: 1, connectTimeout: 1, maxRetriesPerRequest: 1 } },
        logger,
      });
      await adapter.connect();
      await expect(adapter.ping()).resolves.toBeUndefined();
      await adapter.collection('c').insertOne({ _id: 'x' });
      const exited = new Promise((resolve) => server?.once('exit', resolve));
      server?.kill('SIGKILL');
      await exited;
      server = undefined;
      await expect(adapter.ping()).rejects.toThrow();
      await adapter.close();

      const again = new RedisNoSqlAdapter({ appName, settings: { host: '127.0.0.1', port, connectTimeout: 1 }, logger });
      const attempt = again.connect();
      await expect(attempt).rejects.toThrow(NoSqlConnectionError);
      await expect(attempt).rejects.toThrow(`127.0.0.1:${port}`);
      await expect(again.ping()).rejects.toThrow(/not connected/);
    }, 30_000);
  });
});
