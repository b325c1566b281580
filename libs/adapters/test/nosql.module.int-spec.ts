import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, Injectable, type INestApplication } from '@nestjs/common';
import { HealthCheck, HealthCheckService, TerminusModule } from '@nestjs/terminus';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AcbAdaptersModule, AdaptersHealthIndicator, NoSqlAdapter, StorageAdapter } from '@acb/adapters';
import { describeWithServers } from '../../../test/servers';
import { startPrivateRedis, type PrivateRedis } from './private-redis.fixture';

/** The nosql and storage adapters as a user gets them: selected, connected, injected, health-checked and closed by the module. */
jest.setTimeout(60_000);

@Injectable()
class ProfileService {
  constructor(
    readonly nosql: NoSqlAdapter,
    readonly storage: StorageAdapter,
  ) {}

  async save(id: string, city: string, avatar: Buffer): Promise<void> {
    await this.nosql.collection('profiles').insertOne({ _id: id, city });
    await this.storage.write(`avatars/${id}.png`, avatar);
  }
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

async function startApp(nosql: { name: string; settings: Record<string, unknown> }, root: string): Promise<INestApplication> {
  const testing = await Test.createTestingModule({
    imports: [
      TerminusModule,
      AcbAdaptersModule.forRoot({
        appName: `nosql_module_${randomUUID().slice(0, 8)}`,
        categories: ['nosql', 'storage'],
        nosql,
        storage: { name: 'file', settings: { root } },
        healthTimeoutMs: 1500,
      }),
    ],
    providers: [ProfileService],
    controllers: [HealthController],
  }).compile();
  const app = testing.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describeWithServers(['redis', 'postgres'], 'nosql and storage through AcbAdaptersModule', (urls) => {
  let sandbox: string;

  beforeAll(async () => {
    sandbox = await mkdtemp(join(tmpdir(), 'acb-nosql-module-'));
  });

  afterAll(async () => {
    await rm(sandbox, { recursive: true, force: true });
  });

  it('postgres nosql + file storage: injected connected, healthy, and closed on shutdown', async () => {
    const root = join(sandbox, 'pg-files');
    const pg = new URL(urls.postgres);
    const app = await startApp({ name: 'postgres', settings: { postgres: { url: urls.postgres, poolSize: 2 } } }, root);
    const service = app.get(ProfileService);
    try {
      await service.save('u1', 'Oslo', Buffer.from([1, 2, 3]));
      expect(await service.nosql.collection('profiles').findOne({ city: 'Oslo' })).toEqual({ _id: 'u1', city: 'Oslo' });
      expect(await service.storage.list('avatars/')).toEqual(['avatars/u1.png']);
      const health = await request(app.getHttpServer()).get('/health').expect(200);
      expect(health.body.info).toMatchObject({
        nosql: { status: 'up', adapter: 'postgres', target: `${pg.hostname}:${pg.port}${pg.pathname}` },
        storage: { status: 'up', adapter: 'file', target: root },
      });
      await service.nosql.collection('profiles').deleteMany({});
    } finally {
      await app.close();
    }
    await expect(service.nosql.ping()).rejects.toThrow(/not connected/);
  });

  describe('redis nosql whose server goes down', () => {
    let redis: PrivateRedis;
    let app: INestApplication;

    beforeAll(async () => {
      redis = await startPrivateRedis();
      app = await startApp(
        { name: 'redis', settings: { redis: { url: redis.url, maxRetriesPerRequest: 1, pingTimeout: 1 } } },
        join(sandbox, 'redis-files'),
      );
    });

    afterAll(async () => {
      await app.close();
      await redis.kill();
    });

    it('is up in /health while the server runs and down once it is killed; storage stays up', async () => {
      await app.get(ProfileService).save('u2', 'Bergen', Buffer.from('png'));
      const up = await request(app.getHttpServer()).get('/health').expect(200);
      expect(up.body.info).toMatchObject({ nosql: { status: 'up', adapter: 'redis', target: `127.0.0.1:${redis.port}` } });

      await redis.kill();
      const down = await request(app.getHttpServer()).get('/health').expect(503);
      expect(down.body).toMatchObject({
        error: { nosql: { status: 'down', adapter: 'redis' } },
        info: { storage: { status: 'up' } },
      });
    });
  });

  it('file storage whose root disappears shows down in /health', async () => {
    const root = join(sandbox, 'vanishing');
    const app = await startApp({ name: 'memory', settings: {} }, root);
    try {
      await request(app.getHttpServer()).get('/health').expect(200);
      await rm(root, { recursive: true, force: true });
      const down = await request(app.getHttpServer()).get('/health').expect(503);
      expect(down.body.error).toMatchObject({ storage: { status: 'down', adapter: 'file', target: root } });
      expect(down.body.info).toMatchObject({ nosql: { status: 'up', adapter: 'memory' } });
    } finally {
      await app.close();
    }
  });
});
