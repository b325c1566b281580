// Pattern 5 — the same service against the real servers: IntegrationEnvironment builds the adapters a settings
// directory selects (Redis cache, PostgreSQL sql), as the seed's IntegrationTest.create_adapter does.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import { CacheAdapter, SqlAdapter } from '@acb/adapters';
import { AcbTestingModule, IntegrationEnvironment } from '@acb/testing';
import { describeWithServers } from '../../../test/servers';
import { USERS_TABLE, UserService } from './fixtures/user.service';
import { userFactory } from './fixtures/user.providers';

describeWithServers(['redis', 'postgres'], 'UserService on Redis + PostgreSQL', (urls) => {
  const suffix = randomBytes(4).toString('hex');
  const appName = `acb-testing-int-${suffix}`;
  const table = `acb_testing_users_${suffix}`;

  describe('through IntegrationEnvironment and a settings directory', () => {
    let settingsDir: string;
    let env: IntegrationEnvironment;
    let cache: CacheAdapter;
    let sql: SqlAdapter;
    let service: UserService;

    beforeAll(async () => {
      settingsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-testing-int-'));
      fs.writeFileSync(path.join(settingsDir, 'app.yml'), `name: ${appName}\n`);
      fs.writeFileSync(path.join(settingsDir, 'adapters.yml'), 'cache: redis\nsql: postgres\n');
      fs.writeFileSync(path.join(settingsDir, 'cache.yml'), 'url: ${env:TEST_REDIS_URL}\n');
      fs.writeFileSync(path.join(settingsDir, 'sql.yml'), 'url: ${env:TEST_POSTGRES_URL}\npoolSize: 2\n');
      env = new IntegrationEnvironment({
        settingsDir,
        env: { TEST_REDIS_URL: urls.redis, TEST_POSTGRES_URL: urls.postgres },
      });
      cache = await env.createAdapter('cache');
      sql = await env.createAdapter('sql');
      service = new UserService(cache, sql, table);
      await service.createTable();
    });

    afterAll(async () => {
      await sql?.execute(`DROP TABLE IF EXISTS ${table}`);
      await cache?.clear();
      await env?.close();
      fs.rmSync(settingsDir, { recursive: true, force: true });
    });

    it('builds the adapters the settings select, connected', async () => {
      expect(cache.name).toBe('redis');
      expect(sql.dialect).toBe('postgres');
      await expect(cache.ping()).resolves.toBeUndefined();
      await expect(sql.ping()).resolves.toBeUndefined();
    });

    it('creates a user in PostgreSQL and caches it in Redis under the app namespace', async () => {
      const user = await service.createUser(userFactory.build({ name: 'John' }));

      expect(await sql.fetchOne(`SELECT name FROM ${table} WHERE id = ?`, [user.id])).toEqual({ name: 'John' });
      expect(await cache.get(`user:${user.id}`)).toEqual(user);
      const raw = (cache as unknown as { client: { get(key: string): Promise<string | null> } }).client;
      expect(JSON.parse((await raw.get(`${appName}:cache:user:${user.id}`)) ?? 'null')).toEqual(user);
    });

    it('serves reads from Redis and sees a rename after invalidation', async () => {
      const user = await service.createUser(userFactory.build());
      await sql.execute(`UPDATE ${table} SET name = ? WHERE id = ?`, ['behind the cache', user.id]);
      expect((await service.getUser(user.id))?.name).toBe(user.name);

      await service.rename(user.id, 'Renamed');
      expect((await service.getUser(user.id))?.name).toBe('Renamed');
      expect(await service.getUser(999_999)).toBeUndefined();
    });

    it('closes what it created', async () => {
      const extra = new IntegrationEnvironment({ settingsDir, env: { TEST_REDIS_URL: urls.redis, TEST_POSTGRES_URL: urls.postgres } });
      const other = await extra.createAdapter('cache');
      await extra.close();
      await expect(other.ping()).rejects.toThrow();
    });
  });

  describe('through AcbTestingModule with server-backed choices', () => {
    let moduleRef: TestingModule;

    beforeAll(async () => {
      moduleRef = await Test.createTestingModule({
        imports: [
          AcbTestingModule.forRoot({
            settings: { app: { name: `${appName}-module` } },
            adapters: { cache: { name: 'redis', settings: { url: urls.redis } }, sql: { name: 'postgres', settings: { url: urls.postgres } } },
          }),
        ],
        providers: [UserService, { provide: USERS_TABLE, useValue: `${table}_module` }],
      }).compile();
      await moduleRef.init();
      await moduleRef.get(UserService).createTable();
    });

    afterAll(async () => {
      await moduleRef.get(SqlAdapter).execute(`DROP TABLE IF EXISTS ${table}_module`);
      await moduleRef.get(CacheAdapter).clear();
      await moduleRef.close();
    });

    it('runs the same service on the real servers', async () => {
      const service = moduleRef.get(UserService);
      const user = await service.createUser({ name: 'Ann', email: `ann-${suffix}@example.com` });
      expect(await service.countUsers()).toBe(1);
      expect(await moduleRef.get(CacheAdapter).get(`user:${user.id}`)).toEqual(user);
      expect(moduleRef.get(SqlAdapter).dialect).toBe('postgres');
    });
  });
});
