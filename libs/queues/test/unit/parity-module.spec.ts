/**
 * What the conformance suite does not reach (memory backend, one process): registerQueueAsync's per-queue options
 * from a factory, task events on the real event bus (forwardTaskEventsToBus + @OnAcbEvent('task.*')), a failing
 * hook that does not touch its task, and the start-time checks of the parity options.
 */
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbEventsModule, EventPublisher, OnAcbEvent } from '@acb/events';
import {
  AcbProcessor,
  AcbQueuesModule,
  forwardTaskEventsToBus,
  InvalidQueueProcessingOptionError,
  OnTaskEvent,
  Queue,
  TaskEvents,
  TaskRegistry,
  UnknownTaskEventError,
  Worker,
  getQueueToken,
  type TaskEvent,
  type TaskEventType,
} from '@acb/queues';

const silent = { log: () => undefined, error: () => undefined, warn: () => undefined, debug: () => undefined, verbose: () => undefined };

@Injectable()
class Settings {
  readonly reportConcurrency = 3;
}

@Module({ providers: [Settings], exports: [Settings] })
class SettingsModule {}

@Injectable()
class BusListener {
  readonly heard: Array<{ name: string; payload: Record<string, unknown> }> = [];

  @OnAcbEvent('task.*')
  onTask(payload: Record<string, unknown>, event: { name: string }): void {
    this.heard.push({ name: event.name, payload });
  }
}

@Injectable()
class ForwardTaskEvents implements OnModuleInit {
  constructor(
    private readonly taskEvents: TaskEvents,
    private readonly publisher: EventPublisher,
  ) {}

  onModuleInit(): void {
    forwardTaskEventsToBus(this.taskEvents, this.publisher);
  }
}

@Injectable()
class BrokenHook {
  calls = 0;

  @OnTaskEvent('completed')
  explode(): void {
    this.calls++;
    throw new Error('hook broke');
  }
}

describe('queues parity: registerQueueAsync, task events on the bus, hooks', () => {
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  async function build(providers: Array<new (...args: never[]) => unknown>, imports: unknown[] = []): Promise<TestingModule> {
    moduleRef = await Test.createTestingModule({
      imports: [AcbQueuesModule.forRoot({ runWorker: false }), ...(imports as [])],
      providers,
    })
      .setLogger(silent)
      .compile();
    await moduleRef.init();
    return moduleRef;
  }

  it('registerQueueAsync: the factory (with injected deps) gives the queue its concurrency, and @InjectQueue works for it', async () => {
    const app = await build(
      [],
      [
        AcbQueuesModule.registerQueueAsync({
          name: 'reports',
          imports: [SettingsModule],
          inject: [Settings],
          useFactory: (settings: Settings) => ({ concurrency: settings.reportConcurrency }),
        }),
      ],
    );
    const registry = app.get(TaskRegistry);
    expect(registry.queueOptions('reports')).toEqual({ concurrency: 3 });
    expect(app.get<Queue>(getQueueToken('reports')).name).toBe('reports');

    let active = 0;
    let peak = 0;
    let done = 0;
    registry.register(
      'build_report',
      async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise((resolve) => setTimeout(resolve, 20));
        active--;
        done++;
      },
      { queue: 'reports' },
    );
    const queue = app.get(Queue);
    for (let i = 0; i < 9; i++) await queue.enqueue('build_report', { i });
    const worker = app.get(Worker);
    await worker.start();
    const deadline = Date.now() + 5000;
    while (done < 9 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    await worker.stop(1000);
    expect(done).toBe(9);
    expect(peak).toBe(3);
  });

  it('per-queue options declared twice, or out of range, fail the start naming the queue', async () => {
    @Injectable()
    @AcbProcessor('reports', { concurrency: 2 })
    class ReportsProcessor {
      process(): void {}
    }
    await expect(
      build([ReportsProcessor], [AcbQueuesModule.registerQueueAsync({ name: 'reports', useFactory: () => ({ concurrency: 4 }) })]),
    ).rejects.toThrow(InvalidQueueProcessingOptionError);
    moduleRef = undefined;

    const registry = new TaskRegistry();
    expect(() => registry.setQueueOptions('q', { concurrency: 0 })).toThrow(/Queue "q": invalid option "concurrency"/);
    expect(() => registry.setQueueOptions('q', { rateLimit: { max: 1, durationMs: 0 } })).toThrow(/rateLimit.durationMs/);
    expect(() => OnTaskEvent('finished' as TaskEventType)).toThrow(UnknownTaskEventError);
  });

  it('forwardTaskEventsToBus: task.completed / task.failed / task.retrying / task.dead reach @OnAcbEvent handlers', async () => {
    const app = await build([BusListener, ForwardTaskEvents], [AcbEventsModule.forRoot({ appName: 'parity' })]);
    const registry = app.get(TaskRegistry);
    registry.register('ok_task', (payload: { n: number }) => ({ twice: payload.n * 2 }));
    registry.register('bad_task', () => {
      throw new Error('always');
    });
    const queue = app.get(Queue);
    const ok = await queue.enqueue('ok_task', { n: 2 });
    const bad = await queue.enqueue('bad_task', {}, { maxRetries: 1, backoff: { type: 'fixed', delayMs: 1, jitter: 0 } });
    const worker = app.get(Worker);
    const listener = app.get(BusListener);
    const deadline = Date.now() + 5000;
    while (listener.heard.length < 5 && Date.now() < deadline) {
      await worker.processAll();
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const names = listener.heard.map((entry) => `${entry.name}:${String(entry.payload.taskId)}:${String(entry.payload.attempt)}`).sort();
    expect(names).toEqual(
      [`task.completed:${ok.id}:1`, `task.failed:${bad.id}:1`, `task.retrying:${bad.id}:1`, `task.failed:${bad.id}:2`, `task.dead:${bad.id}:2`].sort(),
    );
    const completed = listener.heard.find((entry) => entry.name === 'task.completed');
    expect(completed?.payload).toMatchObject({ name: 'ok_task', queue: 'default', result: { twice: 4 } });
    expect(completed?.payload).not.toHaveProperty('type');
  });

  it('a hook that throws is logged and leaves its task completed; TaskEvents.on filters by type and queue', async () => {
    const app = await build([BrokenHook]);
    const registry = app.get(TaskRegistry);
    registry.register('fine', () => 'fine');
    registry.register('elsewhere', () => 'elsewhere', { queue: 'other' });
    const seen: TaskEvent[] = [];
    const off = app.get(TaskEvents).on('completed', (event) => void seen.push(event), { queue: 'default' });
    const queue = app.get(Queue);
    const fine = await queue.enqueue('fine', {});
    await queue.enqueue('elsewhere', {});
    await app.get(Worker).processAll();
    expect(app.get(BrokenHook).calls).toBe(2);
    expect(await queue.getTask(fine)).toMatchObject({ status: 'completed', result: 'fine' });
    expect(seen.map((event) => event.name)).toEqual(['fine']);
    off();
    await queue.enqueue('fine', {});
    await app.get(Worker).processAll();
    expect(seen).toHaveLength(1);
  });
});
