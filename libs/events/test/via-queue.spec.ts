import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbQueuesModule, Queue, TaskRegistry, Worker, createQueuesEventBridge } from '@acb/queues';
import { AcbEventsModule, EventPublisher, OnAcbEvent, type EventEnvelope } from '../src';
import { silentLogger } from './helpers';

@Injectable()
class OrderWorkers {
  readonly attempts: number[] = [];
  readonly broken: number[] = [];

  @OnAcbEvent('order.placed', { viaQueue: true, maxRetries: 1 })
  async fulfil(payload: { orderId: string }, event: EventEnvelope) {
    this.attempts.push(event.attempt);
    if (event.attempt === 1) throw new Error(`warehouse busy for ${payload.orderId}`);
  }

  @OnAcbEvent('order.placed', { viaQueue: true, maxRetries: 1, name: 'invoice' })
  async invoice(_payload: unknown, event: EventEnvelope) {
    this.broken.push(event.attempt);
    throw new Error('invoice service down');
  }
}

const waitMs = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('viaQueue through @acb/queues (memory backend)', () => {
  let moduleRef: TestingModule;

  beforeEach(async () => {
    const queues = AcbQueuesModule.forRoot({ backend: 'memory', runWorker: false, backoff: { type: 'fixed', delayMs: 20, jitter: 0 } });
    moduleRef = await Test.createTestingModule({
      imports: [
        queues,
        AcbEventsModule.forRootAsync({
          imports: [queues],
          inject: [TaskRegistry, Queue],
          useFactory: (registry: TaskRegistry, queue: Queue) => ({
            appName: 'shop',
            queueBridge: createQueuesEventBridge(registry, queue),
          }),
        }),
      ],
      providers: [OrderWorkers],
    })
      .setLogger(silentLogger)
      .compile();
    await moduleRef.init();
  });

  afterEach(() => moduleRef.close());

  it('delivers the event to the handler as a task, with the task\'s retries and dead letters', async () => {
    const queue = moduleRef.get(Queue);
    const worker = moduleRef.get(Worker);
    const workers = moduleRef.get(OrderWorkers);

    const report = await moduleRef.get(EventPublisher).emit('order.placed', { orderId: 'o-1' });
    expect(report.handlers.sort((a, b) => a.handler.localeCompare(b.handler))).toEqual([
      { handler: 'invoice', status: 'queued', attempts: 0 },
      { handler: 'OrderWorkers.fulfil', status: 'queued', attempts: 0 },
    ]);
    expect(workers.attempts).toEqual([]);
    const pending = await queue.getPendingTasks();
    expect(pending.map((task) => task.name).sort()).toEqual(['acb.event:shop:OrderWorkers.fulfil', 'acb.event:shop:invoice']);
    expect(pending[0].payload).toMatchObject({ id: report.eventId, name: 'order.placed', payload: { orderId: 'o-1' } });

    await worker.processAll();
    expect(workers.attempts).toEqual([1]);
    for (let round = 0; round < 50 && (workers.attempts.length < 2 || workers.broken.length < 2); round += 1) {
      await waitMs(20);
      await worker.processAll();
    }
    expect(workers.attempts).toEqual([1, 2]);
    expect(workers.broken).toEqual([1, 2]);

    const dead = await queue.deadLetters();
    expect(dead).toEqual([
      expect.objectContaining({ name: 'acb.event:shop:invoice', attempts: 2, error: expect.stringContaining('invoice service down') }),
    ]);
  });
});
