import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { describeWithServer } from '../../../../test/servers';
import { runCacheConformance } from '../../test/conformance/cache.conformance';
import { adapterContext } from '../../test/adapter-context.fixture';
import { RedisCacheAdapter } from './redis.cache';

// NOTE: jest.config.js sets testTimeout per project, which jest 29 ignores; a loaded CI machine needs more than 5 s.
jest.setTimeout(60_000);

describeWithServer('redis', 'RedisCacheAdapter on a real server', (url) => {
  runCacheConformance('redis', async () => {
    const cache = new RedisCacheAdapter(adapterContext({ url }, `acb-conf-${randomUUID()}`));
    await cache.connect();
    return {
      cache,
      advance: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
      close: async () => {
        await cache.clear();
        await cache.close();
      },
    };
  });

  describe('namespace', () => {
    let raw: Redis;
    let appName: string;
    let cache: RedisCacheAdapter;
    let neighbour: RedisCacheAdapter;

    beforeAll(async () => {
      raw = new Redis(url);
      appName = `acb-ns-${randomUUID()}`;
      cache = new RedisCacheAdapter(adapterContext({ url }, appName));
      neighbour = new RedisCacheAdapter(adapterContext({ url }, `${appName}-neighbour`));
      await cache.connect();
      await neighbour.connect();
    });

    afterAll(async () => {
      await cache.clear();
      await neighbour.clear();
      await raw.del(`${appName}x:outside`);
      await cache.close();
      await neighbour.close();
      await raw.quit();
    });

    it('stores keys under "<app.name>:cache:" as JSON text', async () => {
      await cache.set('user:1', { name: 'Ada' });
      expect(await raw.get(`${appName}:cache:user:1`)).toBe('{"name":"Ada"}');
    });

    it('clear() removes its namespace only', async () => {
      await cache.setMany(Array.from({ length: 1200 }, (_, i) => ({ key: `bulk:${i}`, value: i })));
      await neighbour.set('bulk:1', 'mine');
      await raw.set(`${appName}x:outside`, 'not in the namespace');
      await raw.set(`${appName}:nosql:users:1`, 'another system of the same app');
      await cache.clear();
      expect(await raw.keys(`${appName}:cache:*`)).toEqual([]);
      expect(await neighbour.get('bulk:1')).toBe('mine');
      expect(await raw.get(`${appName}x:outside`)).toBe('not in the namespace');
      expect(await raw.get(`${appName}:nosql:users:1`)).toBe('another system of the same app');
      await raw.del(`${appName}:nosql:users:1`);
    });

    it('uses the namespace setting over app.name', async () => {
      const namespaced = new RedisCacheAdapter(adapterContext({ url, namespace: `${appName}-custom` }, appName));
      await namespaced.connect();
      await namespaced.set('k', 1);
      expect(await raw.get(`${appName}-custom:cache:k`)).toBe('1');
      await namespaced.clear();
      await namespaced.close();
    });
  });

  it('fails to connect to a closed port with the cause', async () => {
    const cache = new RedisCacheAdapter(adapterContext({ host: '127.0.0.1', port: 1, connectTimeout: 0.5 }));
    expect(cache.target).toBe('127.0.0.1:1');
    await expect(cache.connect()).rejects.toThrow(/ECONNREFUSED/);
    await cache.close();
  });
});
