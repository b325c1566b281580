import { randomUUID } from 'node:crypto';
import { Controller, Get, Injectable, type INestApplication } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test, type TestingModule } from '@nestjs/testing';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { Redis } from 'ioredis';
import request from 'supertest';
import { Column, Entity, PrimaryColumn, Repository } from 'typeorm';
import { AcbConfigModule } from '@acb/config';
import {
  AcbAdaptersModule,
  AdapterConnectionError,
  AdaptersHealthIndicator,
  CacheAdapter,
  MonitoringAdapter,
  SqlAdapter,
} from '@acb/adapters';
import { describeWithServers } from '../../../test/servers';
import { freePort, startPrivateRedis, type PrivateRedis } from './private-redis.fixture';

// NOTE: jest.config.js sets testTimeout per project, which jest 29 ignores; a loaded CI machine needs more than 5 s.
jest.setTimeout(60_000);

const TABLE = `acb_int_orders_${randomUUID().replace(/-/g, '').slice(0, 10)}`;

@Entity({ name: TABLE })
class Order {
  @PrimaryColumn()
  id!: number;

  @Column()
  total!: number;
}

@Injectable()
class OrdersService {
  constructor(
    @InjectRepository(Order) readonly orders: Repository<Order>,
    readonly sql: SqlAdapter,
    readonly cache: CacheAdapter,
  ) {}
}

@Controller('health')
class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly adapters: AdaptersHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.adapters.checkAll()]);
  }
}

describeWithServers(['redis', 'postgres'], 'AcbAdaptersModule on real servers', (urls) => {
  describe('selected from settings', () => {
    let moduleRef: TestingModule;
    let raw: Redis;
    const appName = `acb-int-${randomUUID()}`;

    beforeAll(async () => {
      raw = new Redis(urls.redis);
      moduleRef = await Test.createTestingModule({
        imports: [
          AcbConfigModule.forRoot({
            settingsDir: `/nonexistent-${randomUUID()}`,
            env: {},
            values: {
              app: { name: appName },
              adapters: { cache: 'redis', sql: 'postgres', nosql: 'memory', storage: 'memory', monitoring: 'prometheus' },
              cache: { url: urls.redis },
              sql: { url: urls.postgres, poolSize: 3 },
            },
          }),
          AcbAdaptersModule.forRoot(),
          TypeOrmModule.forFeature([Order]),
        ],
        providers: [OrdersService],
      }).compile();
      await moduleRef.init();
    });

    afterAll(async () => {
      await moduleRef.get(SqlAdapter).execute(`DROP TABLE IF EXISTS ${TABLE}`);
      await moduleRef.get(CacheAdapter).clear();
      await moduleRef.close();
      await raw.quit();
    });

    it('connects redis and postgres and uses them', async () => {
      const service = moduleRef.get(OrdersService);
      expect(service.cache.name).toBe('redis');
      expect(service.sql.name).toBe('postgres');
      await service.cache.set('greeting', { hello: 'world' }, 60);
      expect(await raw.get(`${appName}:cache:greeting`)).toBe('{"hello":"world"}');
      await service.sql.execute(`CREATE TABLE ${TABLE} (id INTEGER PRIMARY KEY, total INTEGER NOT NULL)`);
      await service.orders.save({ id: 7, total: 99 });
      expect(await service.sql.fetchOne(`SELECT total FROM ${TABLE} WHERE id = ?`, [7])).toEqual({ total: 99 });
    });

    it('reports every adapter up', async () => {
      const result = await moduleRef.get(AdaptersHealthIndicator).checkAll();
      expect(Object.keys(result).sort()).toEqual(['cache', 'monitoring', 'nosql', 'sql', 'storage']);
      expect(result.cache).toMatchObject({ status: 'up', adapter: 'redis' });
      expect(result.sql).toMatchObject({ status: 'up', adapter: 'postgres' });
      expect(moduleRef.get(MonitoringAdapter).name).toBe('prometheus');
    });
  });

  describe('a server that goes down', () => {
    let redis: PrivateRedis;
    let app: INestApplication;

    beforeAll(async () => {
      redis = await startPrivateRedis();
      const testing = await Test.createTestingModule({
        imports: [
          TerminusModule,
          AcbAdaptersModule.forRoot({
            appName: `acb-health-${randomUUID()}`,
            categories: ['cache', 'sql'],
            cache: { name: 'redis', settings: { url: redis.url, maxRetriesPerRequest: 1 } },
            sql: { name: 'postgres', settings: { url: urls.postgres, poolSize: 2 } },
            healthTimeoutMs: 1500,
          }),
        ],
        controllers: [HealthController],
      }).compile();
      app = testing.createNestApplication({ logger: false });
      await app.init();
    });

    afterAll(async () => {
      await app.close();
      await redis.kill();
    });

    it('shows up in /health while the server runs and down once it is killed', async () => {
      const up = await request(app.getHttpServer()).get('/health').expect(200);
      expect(up.body).toMatchObject({ status: 'ok', info: { cache: { status: 'up', target: `127.0.0.1:${redis.port}` }, sql: { status: 'up' } } });

      await redis.kill();
      const down = await request(app.getHttpServer()).get('/health').expect(503);
      expect(down.body).toMatchObject({
        status: 'error',
        error: { cache: { status: 'down', adapter: 'redis', target: `127.0.0.1:${redis.port}` } },
        info: { sql: { status: 'up' } },
      });
      expect(typeof down.body.error.cache.message).toBe('string');
    });
  });

  describe('a server that is not there at start', () => {
    it('fails after the bounded retry naming the redis host and port', async () => {
      const port = await freePort();
      const started = Date.now();
      const attempt = Test.createTestingModule({
        imports: [
          AcbAdaptersModule.forRoot({
            categories: ['cache'],
            cache: { name: 'redis', settings: { host: '127.0.0.1', port } },
            connectAttempts: 3,
            connectDelayMs: 100,
          }),
        ],
      }).compile();
      await expect(attempt).rejects.toBeInstanceOf(AdapterConnectionError);
      await expect(attempt).rejects.toThrow(
        new RegExp(`Cannot connect the cache adapter "redis" to 127\\.0\\.0\\.1:${port} after 3 attempts: .*ECONNREFUSED`),
      );
      expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    });

    it('fails after the bounded retry naming the postgres host and port', async () => {
      const port = await freePort();
      const attempt = Test.createTestingModule({
        imports: [
          AcbAdaptersModule.forRoot({
            categories: ['sql'],
            sql: { name: 'postgres', settings: { url: `postgres://acb@127.0.0.1:${port}/acb` } },
            connectAttempts: 2,
            connectDelayMs: 50,
          }),
        ],
      }).compile();
      await expect(attempt).rejects.toThrow(
        new RegExp(`Cannot connect the sql adapter "postgres" to 127\\.0\\.0\\.1:${port} after 2 attempts: .*ECONNREFUSED`),
      );
    });
  });
});
