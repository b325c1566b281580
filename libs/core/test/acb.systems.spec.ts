import { AcbTask, Queue, Worker, type TaskContext } from '@acb/queues';
import { EventPublisher, OnAcbEvent, type EventEnvelope } from '@acb/events';
import { CacheAdapter, SqlAdapter } from '@acb/adapters';
import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbService, ServiceBase, ServiceRegistry } from '@acb/services';
import { AcbModule } from '../src';

// AcbModule alone gives a user's module the adapters, the queue and the events, wired together from settings.

jest.setTimeout(30_000);

@Injectable()
class Orders {
  readonly placed: string[] = [];
  readonly charged: string[] = [];
  readonly shippedAttempts: number[] = [];

  constructor(
    readonly events: EventPublisher,
    readonly queue: Queue,
    readonly cache: CacheAdapter,
    readonly sql: SqlAdapter,
  ) {}

  @OnAcbEvent('order.placed')
  async onPlaced(payload: { orderId: string }): Promise<void> {
    this.placed.push(payload.orderId);
    await this.queue.enqueue('charge_payment', { orderId: payload.orderId }, { priority: 'high' });
  }

  @OnAcbEvent('order.placed', { viaQueue: true, name: 'ship' })
  async ship(_payload: { orderId: string }, event: EventEnvelope<{ orderId: string }>): Promise<void> {
    this.shippedAttempts.push(event.attempt);
    if (event.attempt === 1) throw new Error('carrier busy');
  }

  @AcbTask('charge_payment', { maxRetries: 1 })
  async charge(payload: { orderId: string }, _context: TaskContext): Promise<void> {
    this.charged.push(payload.orderId);
    await this.cache.set(`charged:${payload.orderId}`, true);
  }
}

@AcbService({ name: 'billing', capabilities: ['payments'] })
@Injectable()
class BillingService extends ServiceBase {
  async total(orderId: string): Promise<number> {
    await this.events.emit('billing.totalled', { orderId });
    return 42;
  }
}

@AcbService({ name: 'mailer' })
@Injectable()
class MailerService extends ServiceBase {}

@Module({ providers: [Orders, BillingService, MailerService] })
class OrdersModule {}

describe('AcbModule composes adapters, queues and events', () => {
  let moduleRef: TestingModule;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        AcbModule.forRoot({
          settingsDir: '/nonexistent/acb-core-systems',
          env: {},
          logger: { level: 'fatal' },
          queues: { runWorker: false, worker: { concurrency: 2 } },
          events: { backoff: { delayMs: 1, maxDelayMs: 1, jitter: 0 } },
          values: { app: { name: 'core-systems' }, sql: { database: ':memory:' }, services: { disabled: ['mailer'] } },
        }),
        OrdersModule,
      ],
    }).compile();
    await moduleRef.init();
  });

  afterAll(() => moduleRef.close());

  it('provides the adapters selected by the settings', async () => {
    const orders = moduleRef.get(Orders);
    expect(orders.cache.name).toBe('memory');
    expect(orders.sql.dialect).toBe('sqlite');
    expect(await orders.sql.fetchOne<{ one: number }>('SELECT ? AS one', [1])).toEqual({ one: 1 });
  });

  it('delivers an event to a local handler, whose task the worker runs', async () => {
    const orders = moduleRef.get(Orders);
    const report = await orders.events.emit('order.placed', { orderId: 'A-1' });

    expect(orders.placed).toEqual(['A-1']);
    const statuses = Object.fromEntries(report.handlers.map((outcome) => [outcome.handler, outcome.status]));
    expect(statuses).toEqual({ 'Orders.onPlaced': 'succeeded', ship: 'queued' });

    await moduleRef.get(Worker).processAll();
    expect(orders.charged).toEqual(['A-1']);
    expect(await orders.cache.get('charged:A-1')).toBe(true);
  });

  it('delivers a viaQueue handler as a task, retried by the queue', async () => {
    const orders = moduleRef.get(Orders);
    orders.shippedAttempts.length = 0;
    await orders.events.emit('order.placed', { orderId: 'B-2' });
    const worker = moduleRef.get(Worker);
    const deadline = Date.now() + 10_000;
    while (orders.shippedAttempts.length < 2 && Date.now() < deadline) {
      await worker.processAll();
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(orders.shippedAttempts).toEqual([1, 2]);
  });

  it('registers and starts services, with events injected, and honours services.yml disabled', async () => {
    const registry = moduleRef.get(ServiceRegistry);
    const billing = moduleRef.get(BillingService);
    expect(registry.list().map((service) => service.name)).toEqual(['billing']);
    expect(billing.state).toBe('active');
    expect(registry.findByCapability('payments')).toEqual([billing]);
    expect(await billing.total('C-3')).toBe(42);
  });
});
