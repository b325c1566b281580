import { Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { OnAcbEvent, type EventEnvelope } from '@acb/events';
import { AcbTask, Queue, Worker } from '@acb/queues';
import { AcbModule } from '../src';

// With events and queues both on, AcbModule publishes every task lifecycle event on the bus as `task.<type>`.

jest.setTimeout(30_000);

@Injectable()
class Payments {
  readonly seen: Array<{ name: string; task: string; attempt: unknown }> = [];
  private calls = 0;

  @AcbTask('charge', { maxRetries: 1, backoff: { type: 'fixed', delayMs: 1, jitter: 0 } })
  charge(): void {
    this.calls += 1;
    if (this.calls === 1) throw new Error('card declined once');
  }

  @OnAcbEvent('task.*')
  record(payload: { name?: string; attempt?: number }, event: EventEnvelope): void {
    this.seen.push({ name: event.name, task: String(payload.name), attempt: payload.attempt });
  }
}

@Module({ providers: [Payments] })
class PaymentsModule {}

async function build(): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AcbModule.forRoot({
        settingsDir: '/nonexistent/acb-task-events',
        env: {},
        logger: { level: 'fatal' },
        queues: { runWorker: false },
        values: { app: { name: 'task-events' }, sql: { database: ':memory:' } },
      }),
      PaymentsModule,
    ],
  }).compile();
  return moduleRef.init();
}

describe('task lifecycle events on the bus', () => {
  it('publishes task.failed and task.retrying for the failed attempt, then task.completed', async () => {
    const moduleRef = await build();
    try {
      await moduleRef.get(Queue).enqueue('charge', {});
      const payments = moduleRef.get(Payments);
      const deadline = Date.now() + 10_000;
      while (!payments.seen.some((event) => event.name === 'task.completed') && Date.now() < deadline) {
        await moduleRef.get(Worker).processAll();
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(payments.seen.map((event) => `${event.name}:${event.task}`)).toEqual(['task.failed:charge', 'task.retrying:charge', 'task.completed:charge']);
    } finally {
      await moduleRef.close();
    }
  });
});
