import { randomBytes } from 'node:crypto';
import { MemoryLogDestination } from '@acb/logger';
import { QUEUE_BACKEND, type QueueBackend } from '@acb/queues';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { describeWithServers } from '../../../test/servers';
import { AppModule } from '../src/app.module';

jest.setTimeout(60_000);

// Bull Board is mounted only on the redis backend, behind the session; the memory default has none.
describeWithServers(['redis'], 'apps/api Bull Board at /admin/queues on the redis queue', (urls) => {
  const prefix = `acbboard-${randomBytes(4).toString('hex')}`;
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppModule.forRoot({
          settingsDir: '/nonexistent/acb-api-board-settings',
          values: { app: { name: 'api-board' }, sql: { database: ':memory:' }, adapters: { queue: { backend: 'redis', redis: { url: urls.redis }, prefix, runWorker: true, shutdown_timeout: 1 } } },
          env: {},
          logger: { destination: new MemoryLogDestination() },
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.get<QueueBackend>(QUEUE_BACKEND).obliterate('default').catch(() => undefined);
    await app.close();
  });

  it('sends anonymous visitors to the login page and shows signed-in users the board and its queue', async () => {
    const anonymous = await request(app.getHttpServer()).get('/admin/queues').expect(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Fadmin%2Fqueues');

    const agent = request.agent(app.getHttpServer());
    await agent.post('/api/auth/register').send({ email: 'ops@example.com', name: 'Ops', password: 'password-1' }).expect(201);
    const board = await agent.get('/admin/queues').expect(200);
    expect(board.headers['content-type']).toMatch(/text\/html/);
    const queues = await agent.get('/admin/queues/api/queues').expect(200);
    expect(queues.body.queues.map((queue: { name: string }) => queue.name)).toContain('default');
  });
});

describe('apps/api without redis', () => {
  it('has no /admin/queues on the memory queue (404)', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forRoot({ settingsDir: '/nonexistent/acb-api-board-settings', values: { sql: { database: ':memory:' } }, env: {}, logger: { destination: new MemoryLogDestination() } })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      await request(app.getHttpServer()).get('/admin/queues').expect(404);
    } finally {
      await app.close();
    }
  });
});
