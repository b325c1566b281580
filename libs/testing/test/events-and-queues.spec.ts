// Pattern 3 — a flow across events and queues: record events, await handlers, drain the queues in the test's flow.
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { CacheAdapter } from '@acb/adapters';
import { EventPublisher, OnAcbEvent, type EventEnvelope } from '@acb/events';
import { AcbTask, Queue } from '@acb/queues';
import { AcbTestingError, AcbTestingModule, EventRecorder, drainQueues, settleEvents, type AcbTestingModuleOptions } from '@acb/testing';

@Injectable()
class OrderService {
  constructor(
    private readonly events: EventPublisher,
    private readonly queue: Queue,
  ) {}

  async placeOrder(orderId: string): Promise<void> {
    await this.queue.enqueue('process_payment', { orderId });
    await this.events.emit('order.placed', { orderId }, { wait: false });
  }
}

@Injectable()
class OrderWorkers {
  readonly paid: string[] = [];
  readonly receipts: string[] = [];
  readonly shipped: string[] = [];

  constructor(
    private readonly events: EventPublisher,
    private readonly cache: CacheAdapter,
  ) {}

  @AcbTask('process_payment')
  async processPayment(payload: { orderId: string }): Promise<void> {
    this.paid.push(payload.orderId);
    await this.events.emit('payment.completed', payload);
  }

  @OnAcbEvent('payment.completed')
  async sendReceipt(payload: { orderId: string }): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 10));
    await this.cache.set(`receipt:${payload.orderId}`, true);
    this.receipts.push(payload.orderId);
  }

  @OnAcbEvent('payment.completed', { viaQueue: true })
  async ship(payload: { orderId: string }, event: EventEnvelope<{ orderId: string }>): Promise<void> {
    this.shipped.push(`${payload.orderId}:${event.name}`);
  }
}

describe('events and queues in AcbTestingModule', () => {
  let moduleRef: TestingModule;

  beforeEach(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [AcbTestingModule.forRoot({ events: true, queues: true })],
      providers: [OrderService, OrderWorkers],
    }).compile();
    await moduleRef.init();
  });

  afterEach(() => moduleRef.close());

  it('records events, keeps tasks pending until drained, then follows tasks, handlers and viaQueue handlers to the end', async () => {
    const recorder = moduleRef.get(EventRecorder);
    const workers = moduleRef.get(OrderWorkers);

    await moduleRef.get(OrderService).placeOrder('o-1');

    expect(recorder.payloads('order.placed')).toEqual([{ orderId: 'o-1' }]);
    expect((await moduleRef.get(Queue).getPendingTasks()).map((task) => task.name)).toEqual(['process_payment']);
    expect(workers.paid).toEqual([]);

    const runs = await drainQueues(moduleRef);

    expect(runs).toBe(2); // process_payment, then the viaQueue delivery of payment.completed to ship()
    expect(workers.paid).toEqual(['o-1']);
    expect(workers.receipts).toEqual(['o-1']);
    expect(workers.shipped).toEqual(['o-1:payment.completed']);
    expect(recorder.emitted('payment.*')).toHaveLength(1);
    expect(await moduleRef.get(CacheAdapter).get('receipt:o-1')).toBe(true);
    expect(await drainQueues(moduleRef)).toBe(0);
  });

  it('awaits every event handler with settleEvents', async () => {
    const workers = moduleRef.get(OrderWorkers);
    await moduleRef.get(EventPublisher).emit('payment.completed', { orderId: 'o-2' }, { wait: false });
    expect(workers.receipts).toEqual([]);

    await settleEvents(moduleRef);

    expect(workers.receipts).toEqual(['o-2']);
    expect(workers.shipped).toEqual([]); // the viaQueue handler waits in the queue
    await drainQueues(moduleRef);
    expect(workers.shipped).toEqual(['o-2:payment.completed']);
  });

  it('gives up on work that never ends, with a clear error', async () => {
    @Injectable()
    class Forever {
      constructor(private readonly queue: Queue) {}
      @AcbTask('again')
      async again(): Promise<void> {
        await this.queue.enqueue('again', {});
      }
    }
    const looping = await Test.createTestingModule({
      imports: [AcbTestingModule.forRoot({ queues: true })],
      providers: [Forever],
    }).compile();
    await looping.init();
    try {
      await looping.get(Queue).enqueue('again', {});
      await expect(drainQueues(looping, { maxTasks: 25 })).rejects.toThrow('the queues were not empty after 25 task runs');
    } finally {
      await looping.close();
    }
  });
});

describe('helpers without the system they need', () => {
  it.each<[string, AcbTestingModuleOptions, (moduleRef: TestingModule) => Promise<unknown>, RegExp]>([
    ['drainQueues', { events: true }, (moduleRef) => drainQueues(moduleRef), /drainQueues: AcbQueuesModule is not part.*queues: true/],
    ['settleEvents', { queues: true }, (moduleRef) => settleEvents(moduleRef), /settleEvents: AcbEventsModule is not part.*events: true/],
  ])('%s says which option enables it', async (_name, options, helper, message) => {
    const moduleRef = await Test.createTestingModule({ imports: [AcbTestingModule.forRoot(options)] }).compile();
    await moduleRef.init();
    try {
      await expect(helper(moduleRef)).rejects.toThrow(AcbTestingError);
      await expect(helper(moduleRef)).rejects.toThrow(message);
    } finally {
      await moduleRef.close();
    }
  });

  it('has no events or queues unless asked', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AcbTestingModule.forRoot()] }).compile();
    await moduleRef.init();
    try {
      expect(() => moduleRef.get(EventPublisher)).toThrow();
      expect(() => moduleRef.get(Queue)).toThrow();
      expect(() => moduleRef.get(EventRecorder)).toThrow();
    } finally {
      await moduleRef.close();
    }
  });
});
