import { Controller, Get, Injectable, type INestApplication, Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AcbContext, AcbLogger, AcbLoggerModule, AcbNestLogger, LogRedactor, MemoryLogDestination, REDACTED } from '../src';

// NOTE: Nest applications boot in seconds on a loaded 2-core machine; jest's default 5 s is too tight.
jest.setTimeout(30_000);


@Injectable()
class OrdersService {
  constructor(private readonly logger: AcbLogger) {}

  async place(): Promise<string | undefined> {
    await new Promise((resolve) => setImmediate(resolve));
    this.logger.child({ context: 'OrdersService' }).info('order placed', { orderId: 'o-1' });
    return AcbContext.get('requestId');
  }
}

@Controller()
class OrdersController {
  constructor(private readonly orders: OrdersService) {}

  @Get('orders')
  async create(): Promise<{ requestId?: string }> {
    return { requestId: await this.orders.place() };
  }

  @Get()
  root(): string {
    new Logger('RootController').log('root hit');
    return 'ok';
  }

  @Get('boom')
  boom(): never {
    throw new Error('kaboom');
  }
}

@Module({ controllers: [OrdersController], providers: [OrdersService] })
class OrdersModule {}

async function createApp(out: MemoryLogDestination, secret = 'module-secret'): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [AcbLoggerModule.forRoot({ destination: out, redactValues: () => [secret], base: { app: 'orders' } }), OrdersModule],
  }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  app.useLogger(app.get(AcbNestLogger));
  await app.init();
  return app;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('AcbLoggerModule (HTTP)', () => {
  let out: MemoryLogDestination;
  let app: INestApplication;

  beforeEach(async () => {
    out = new MemoryLogDestination();
    app = await createApp(out);
  });

  afterEach(async () => {
    await app?.close();
  });

  it('gives every request an id, echoes it, and puts it on the app lines and the request log line', async () => {
    const response = await request(app.getHttpServer()).get('/orders').expect(200);

    const requestId = response.headers['x-request-id'];
    expect(requestId).toMatch(UUID);
    expect(response.body).toEqual({ requestId });
    const [placed] = out.withMessage('order placed');
    expect(placed).toMatchObject({ requestId, orderId: 'o-1', context: 'OrdersService', app: 'orders' });
    const [completed] = out.withMessage('request completed');
    expect(completed).toMatchObject({ requestId, level: 'info', res: { statusCode: 200 } });
    expect(completed.req).toMatchObject({ id: requestId, method: 'GET', url: '/orders' });
    expect(completed.req.params).toBeUndefined();
    expect(typeof completed.responseTime).toBe('number');
  });

  it('honours a sane incoming x-request-id and replaces an unsafe one', async () => {
    const honoured = await request(app.getHttpServer()).get('/orders').set('x-request-id', 'client-abc.123:4').expect(200);
    expect(honoured.headers['x-request-id']).toBe('client-abc.123:4');
    expect(honoured.body.requestId).toBe('client-abc.123:4');

    for (const unsafe of ['has spaces', 'x'.repeat(129), 'inject"quote', 'semi;colon']) {
      const replaced = await request(app.getHttpServer()).get('/orders').set('x-request-id', unsafe).expect(200);
      expect(replaced.headers['x-request-id']).toMatch(UUID);
      expect(replaced.body.requestId).toBe(replaced.headers['x-request-id']);
    }
    const requestIds = out.records().map((line) => line.requestId);
    expect(requestIds).not.toContain('inject"quote');
    expect(requestIds).not.toContain('has spaces');
  });

  it('keeps concurrent requests apart', async () => {
    const ids = Array.from({ length: 8 }, (_, index) => `req-${index}`);
    const responses = await Promise.all(
      ids.map((id) => request(app.getHttpServer()).get('/orders').set('x-request-id', id)),
    );
    expect(responses.map((response) => response.body.requestId)).toEqual(ids);
    const placed = out.withMessage('order placed').map((line) => line.requestId).sort();
    expect(placed).toEqual([...ids].sort());
  });

  it('serves the root path in context and routes Nest logs through pino with their context name', async () => {
    const response = await request(app.getHttpServer()).get('/').expect(200);
    const [hit] = out.withMessage('root hit');
    expect(hit).toMatchObject({ context: 'RootController', level: 'info', requestId: response.headers['x-request-id'] });
    expect(out.records().some((line) => line.context === 'RoutesResolver' || line.context === 'RouterExplorer')).toBe(true);
  });

  it('logs a failing request at error level with the exception, still with its request id', async () => {
    const response = await request(app.getHttpServer()).get('/boom').expect(500);
    const requestId = response.headers['x-request-id'];
    expect(requestId).toMatch(UUID);
    const failure = out.records().find((line) => line.level === 'error' && line.context === 'ExceptionsHandler');
    expect(failure).toBeDefined();
    expect(JSON.stringify(failure)).toContain('kaboom');
    const completed = out.records().find((line) => line.res?.statusCode === 500);
    expect(completed).toMatchObject({ level: 'error', requestId, req: { id: requestId, url: '/boom' } });
  });

  it('redacts known secret values on every path, the request log included', async () => {
    await request(app.getHttpServer()).get('/orders?token=module-secret').set('authorization', 'Bearer xyz').expect(200);
    app.get(AcbLogger).warn('leaking module-secret by mistake');
    expect(out.text()).not.toContain('module-secret');
    expect(out.text()).not.toContain('Bearer xyz');
    const [completed] = out.withMessage('request completed');
    expect(completed.req.url).toBe(REDACTED);
    expect(completed.req.headers.authorization).toBe(REDACTED);
    expect(app.get(LogRedactor).size).toBe(1);
  });
});

describe('AcbLoggerModule (apps and options)', () => {
  it('keeps two applications in one process apart', async () => {
    const outA = new MemoryLogDestination();
    const outB = new MemoryLogDestination();
    const appA = await createApp(outA, 'secret-a');
    const appB = await createApp(outB, 'secret-b');
    try {
      appA.get(AcbLogger).info('from A', { v: 'secret-b' });
      appB.get(AcbLogger).info('from B', { v: 'secret-a' });
      await request(appB.getHttpServer()).get('/orders').expect(200);
      expect(outA.records().map((line) => line.msg)).not.toContain('from B');
      expect(outB.records().map((line) => line.msg)).not.toContain('from A');
      expect(outA.withMessage('from A')[0].v).toBe('secret-b');
      expect(outB.withMessage('from B')[0].v).toBe('secret-a');
      expect(outB.withMessage('order placed')).toHaveLength(1);
      expect(outA.withMessage('order placed')).toHaveLength(0);
    } finally {
      await appA.close();
      await appB.close();
    }
  });

  it('accepts forRootAsync with injected options and can turn request logging off', async () => {
    const out = new MemoryLogDestination();
    const LEVEL = Symbol('level');
    @Module({ providers: [{ provide: LEVEL, useValue: 'debug' }], exports: [LEVEL] })
    class LevelModule {}
    const moduleRef = await Test.createTestingModule({
      imports: [
        AcbLoggerModule.forRootAsync({
          imports: [LevelModule],
          inject: [LEVEL],
          useFactory: (level: 'debug') => ({ level, destination: out, http: { autoLogging: false } }),
        }),
        OrdersModule,
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      app.get(AcbLogger).debug('debug visible');
      const response = await request(app.getHttpServer()).get('/orders').expect(200);
      expect(response.headers['x-request-id']).toMatch(UUID);
      expect(out.withMessage('debug visible')).toHaveLength(1);
      expect(out.withMessage('order placed')[0].requestId).toBe(response.headers['x-request-id']);
      expect(out.withMessage('request completed')).toHaveLength(0);
    } finally {
      await app.close();
    }
  });
});
