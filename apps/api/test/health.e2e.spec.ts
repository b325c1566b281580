import { AcbModule } from '@acb/core';
import { MemoryLogDestination } from '@acb/logger';
import { type INestApplication, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { HealthIndicatorService } from '@nestjs/terminus';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { HealthModule } from '../src/health/health.module';
import { appIndicator } from '../src/health/indicators/app.indicator';
import type { HealthIndicatorDefinition } from '../src/health/health-indicator.interface';

// NOTE: Nest applications boot in seconds on a loaded 2-core machine; jest's default 5 s is too tight.
jest.setTimeout(30_000);

const NO_FILES = '/nonexistent/acb-api-test-settings';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('apps/api GET /health', () => {
  let out: MemoryLogDestination;
  let app: INestApplication;

  beforeAll(async () => {
    out = new MemoryLogDestination();
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppModule.forRoot({
          settingsDir: NO_FILES,
          values: { app: { name: 'api-under-test', version: '9.9.9' } },
          env: {},
          logger: { destination: out },
        }),
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });

  afterAll(async () => {
    await app.close();
  });

  it('answers 200 with the app indicator up', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    expect(response.body).toMatchObject({
      status: 'ok',
      info: { app: { status: 'up', name: 'api-under-test', version: '9.9.9', environment: 'development' } },
      error: {},
    });
  });

  it('echoes a request id and writes a JSON request line carrying it', async () => {
    const response = await request(app.getHttpServer()).get('/health').expect(200);
    const requestId = response.headers['x-request-id'];
    expect(requestId).toMatch(UUID);
    const line = out.records().find((record) => record.req?.id === requestId);
    expect(line).toMatchObject({
      msg: 'request completed',
      level: 'info',
      requestId,
      app: 'api-under-test',
      req: { method: 'GET', url: '/health' },
      res: { statusCode: 200 },
    });
  });

  it('honours the caller request id', async () => {
    const response = await request(app.getHttpServer()).get('/health').set('x-request-id', 'lb-1234').expect(200);
    expect(response.headers['x-request-id']).toBe('lb-1234');
    expect(out.records().some((record) => record.requestId === 'lb-1234' && record.res?.statusCode === 200)).toBe(true);
  });
});

describe('apps/api HealthModule indicators', () => {
  it('runs every added indicator and answers 503 with the report when one is down', async () => {
    const QUEUE_STATE = Symbol('queue-state');
    @Module({ providers: [{ provide: QUEUE_STATE, useValue: { connected: false } }], exports: [QUEUE_STATE] })
    class QueueStateModule {}
    const queueIndicator: HealthIndicatorDefinition = {
      inject: [QUEUE_STATE, HealthIndicatorService],
      useFactory: (state: { connected: boolean }, health: HealthIndicatorService) => () =>
        state.connected ? health.check('queue').up() : health.check('queue').down({ reason: 'not connected' }),
    };
    const moduleRef = await Test.createTestingModule({
      imports: [
        AcbModule.forRoot({ settingsDir: NO_FILES, env: {}, logger: { destination: new MemoryLogDestination() } }),
        HealthModule.forRoot({ indicators: [appIndicator, queueIndicator], imports: [QueueStateModule] }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const down = await request(app.getHttpServer()).get('/health').expect(503);
      expect(down.body).toMatchObject({
        status: 'error',
        info: { app: { status: 'up' } },
        error: { queue: { status: 'down', reason: 'not connected' } },
      });
      app.get<{ connected: boolean }>(QUEUE_STATE).connected = true;
      const up = await request(app.getHttpServer()).get('/health').expect(200);
      expect(up.body.details).toMatchObject({ app: { status: 'up' }, queue: { status: 'up' } });
    } finally {
      await app.close();
    }
  });
});
