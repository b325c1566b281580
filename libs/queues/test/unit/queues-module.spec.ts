import { Injectable, Module, Scope } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbContext } from '@acb/logger';
import {
  AcbQueuesModule,
  AcbTask,
  InjectQueue,
  InvalidQueuesOptionError,
  MemoryQueueBackend,
  Queue,
  QueuesHealthIndicator,
  QUEUE_BACKEND,
  TaskRegistry,
  UnknownQueueBackendError,
  UnknownTaskError,
  Worker,
  type AcbQueuesModuleOptions,
  type QueueBackend,
  type QueueBackendOptions,
  type TaskContext,
} from '@acb/queues';

const opened: TestingModule[] = [];

async function build(options: AcbQueuesModuleOptions, providers: any[] = [], imports: any[] = []): Promise<TestingModule> {
  const module = await Test.createTestingModule({ imports: [AcbQueuesModule.forRoot(options), ...imports], providers }).compile();
  module.useLogger(false);
  opened.push(module);
  await module.init();
  return module;
}

afterEach(async () => {
  for (const module of opened.splice(0)) await module.close();
});

describe('AcbQueuesModule', () => {
  it('defaults to the memory backend, the default queue and concurrency 10, its worker running in this process', async () => {
    const module = await build({});
    expect(module.get<QueueBackend>(QUEUE_BACKEND)).toBeInstanceOf(MemoryQueueBackend);
    expect(module.get(Queue).name).toBe('default');
    const worker = module.get(Worker);
    expect(worker.concurrency).toBe(10);
    expect(worker.running).toBe(true);
  });

  it('runs a task enqueued on the embedded default with forRoot() and no argument (nothing else could run it)', async () => {
    @Injectable()
    class Jobs {
      readonly ran: string[] = [];
      @AcbTask('hello')
      hello(payload: { to: string }) {
        this.ran.push(payload.to);
      }
    }
    const module = await Test.createTestingModule({ imports: [AcbQueuesModule.forRoot()], providers: [Jobs] }).compile();
    module.useLogger(false);
    opened.push(module);
    await module.init();
    const handle = await module.get(Queue).enqueue('hello', { to: 'ada' });
    const status = async () => (await module.get(Queue).getTask(handle.id))?.status;
    for (let i = 0; i < 100 && (await status()) !== 'completed'; i++) await new Promise((r) => setTimeout(r, 5));
    expect(await status()).toBe('completed');
    expect(module.get(Jobs).ran).toEqual(['ada']);
  });

  it('says once at start that no worker runs in a process that enqueues to a shared backend, and nothing with runWorker', async () => {
    class SharedBackend extends MemoryQueueBackend {}
    const lines: string[] = [];
    const logger = { log: (m: string) => lines.push(m), error: () => {}, warn: () => {}, debug: () => {}, verbose: () => {} };
    for (const runWorker of [false, true]) {
      const module = await Test.createTestingModule({ imports: [AcbQueuesModule.forRoot({ backend: SharedBackend, runWorker })] }).compile();
      module.useLogger(logger);
      opened.push(module);
      await module.init();
    }
    const noWorker = lines.filter((line) => line.startsWith('No worker runs in this process'));
    expect(noWorker).toEqual([expect.stringContaining('wait on SharedBackend for a worker process (or runWorker: true)')]);
  });

  it('injects @InjectQueue(name) for a queue declared only in forRootAsync options (settings)', async () => {
    @Injectable()
    class Mailer {
      constructor(@InjectQueue('async_mail') readonly mail: Queue) {}
    }
    const module = await Test.createTestingModule({
      imports: [AcbQueuesModule.forRootAsync({ useFactory: () => ({ queues: ['async_mail'], runWorker: false }) })],
      providers: [Mailer],
    }).compile();
    module.useLogger(false);
    opened.push(module);
    await module.init();
    expect(module.get(Mailer).mail.name).toBe('async_mail');
    module.get(TaskRegistry).register('mail', () => 'sent');
    const handle = await module.get(Mailer).mail.enqueue('mail', {});
    expect(handle.queue).toBe('async_mail');
    expect(await module.get(Worker).processAll()).toBe(1);
  });

  it('fails at start on an unknown backend, naming the valid ones', async () => {
    await expect(
      Test.createTestingModule({ imports: [AcbQueuesModule.forRoot({ backend: 'kafka' as never })] }).compile(),
    ).rejects.toThrow(UnknownQueueBackendError);
    await expect(
      Test.createTestingModule({ imports: [AcbQueuesModule.forRoot({ backend: 'kafka' as never })] }).compile(),
    ).rejects.toThrow(/memory, redis, rabbitmq/);
  });

  it('fails at start on an out-of-range option', async () => {
    await expect(
      Test.createTestingModule({ imports: [AcbQueuesModule.forRoot({ worker: { concurrency: 0 } })] }).compile(),
    ).rejects.toThrow(InvalidQueuesOptionError);
  });

  it('accepts a backend class and hands it the resolved options', async () => {
    let received: QueueBackendOptions | undefined;
    class CustomBackend extends MemoryQueueBackend {
      constructor(options: QueueBackendOptions) {
        super(options);
        received = options;
      }
    }
    const module = await build({ backend: CustomBackend, prefix: 'p1', queues: ['extra'], backendOptions: { a: 1 } });
    expect(module.get(QUEUE_BACKEND)).toBeInstanceOf(CustomBackend);
    expect(received).toMatchObject({ prefix: 'p1', queues: ['default', 'extra'], extra: { a: 1 } });
    expect(received?.defaults).toEqual({
      maxRetries: 3,
      timeoutMs: 0,
      backoff: { type: 'exponential', delayMs: 1000, maxDelayMs: 300_000, multiplier: 2, jitter: 0.5 },
    });
  });

  it('supports forRootAsync with a factory and injected dependencies', async () => {
    @Module({ providers: [{ provide: 'QUEUE_CONCURRENCY', useValue: 4 }], exports: ['QUEUE_CONCURRENCY'] })
    class SettingsModule {}
    const module = await Test.createTestingModule({
      imports: [
        AcbQueuesModule.forRootAsync({
          imports: [SettingsModule],
          inject: ['QUEUE_CONCURRENCY'],
          useFactory: (concurrency: number) => ({ worker: { concurrency }, defaultQueue: 'jobs' }),
        }),
      ],
    }).compile();
    opened.push(module);
    await module.init();
    expect(module.get(Worker).concurrency).toBe(4);
    expect(module.get(Queue).name).toBe('jobs');
  });

  it('provides named queues through forRoot({ queues }) and registerQueue(), injected with @InjectQueue', async () => {
    @Injectable()
    class Producer {
      constructor(
        @InjectQueue('emails') readonly emails: Queue,
        @InjectQueue('reports') readonly reports: Queue,
      ) {}
    }
    @Module({ imports: [AcbQueuesModule.registerQueue('reports')], providers: [Producer], exports: [Producer] })
    class FeatureModule {}
    const module = await build({ queues: ['emails'], runWorker: false }, [], [FeatureModule]);
    const producer = module.get(Producer);
    expect(producer.emails.name).toBe('emails');
    expect(producer.reports.name).toBe('reports');
    module.get(TaskRegistry).register('report', () => 'ok');
    const handle = await producer.reports.enqueue('report', {});
    expect(handle.queue).toBe('reports');
    expect(await module.get(Worker).processAll()).toBe(1);
    expect((await module.get(Queue).getTask(handle.id))?.status).toBe('completed');
  });

  it('with runWorker consumes from bootstrap, and close() lets in-flight tasks finish', async () => {
    const finished: number[] = [];
    const module = await build({ runWorker: true, worker: { shutdownTimeoutMs: 5000 } });
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    module.get(TaskRegistry).register('job', async (payload: { n: number }) => {
      if (payload.n === 1) await gate;
      finished.push(payload.n);
    });
    expect(module.get(Worker).running).toBe(true);
    const queue = module.get(Queue);
    await queue.enqueue('job', { n: 1 });
    await queue.enqueue('job', { n: 2 });
    for (let i = 0; i < 50 && finished.length < 1; i++) await new Promise((r) => setTimeout(r, 10));
    expect(finished).toEqual([2]);
    const closing = module.close();
    opened.splice(opened.indexOf(module), 1);
    setTimeout(release, 50);
    await closing;
    expect(finished).toEqual([2, 1]);
  });

  it('keeps two applications in one process apart', async () => {
    const a = await build({ runWorker: false });
    const b = await build({ runWorker: false });
    a.get(TaskRegistry).register('same_name', () => 'a');
    b.get(TaskRegistry).register('same_name', () => 'b');
    const handle = await a.get(Queue).enqueue('same_name', {});
    expect(await b.get(Queue).getPendingTasks()).toEqual([]);
    expect(await b.get(Worker).processAll()).toBe(0);
    expect(await a.get(Worker).processAll()).toBe(1);
    expect((await a.get(Queue).getTask(handle.id))?.result).toBe('a');
  });

  it('runs handlers inside AcbContext with the task id, without the enqueuer request id', async () => {
    const module = await build({});
    const seen: Array<Record<string, unknown>> = [];
    module.get(TaskRegistry).register('ctx', (_p: unknown, ctx: TaskContext) => {
      seen.push({ ...AcbContext.current(), fromCtx: ctx.taskId });
    });
    const handle = await AcbContext.run({ requestId: 'req-1', correlationId: 'corr-1' }, () => module.get(Queue).enqueue('ctx', {}));
    await AcbContext.run({ requestId: 'req-2' }, () => module.get(Worker).processAll());
    expect(seen).toEqual([expect.objectContaining({ taskId: handle.id, fromCtx: handle.id })]);
    expect(seen[0].requestId).toBeUndefined();
  });

  it('skips @AcbTask methods of request-scoped providers (with a warning)', async () => {
    @Injectable({ scope: Scope.REQUEST })
    class PerRequest {
      @AcbTask('per_request_task')
      run(): void {}
    }
    const module = await build({}, [PerRequest]);
    expect(module.get(TaskRegistry).has('per_request_task')).toBe(false);
    await expect(module.get(Queue).enqueue('per_request_task', {})).rejects.toThrow(UnknownTaskError);
  });

  it('finds tasks declared on a base class and on an instance made by a factory provider', async () => {
    class BaseJobs {
      @AcbTask('inherited_task')
      inherited(): string {
        return 'base';
      }
    }
    @Injectable()
    class Jobs extends BaseJobs {}
    class Undecorated {
      plain(): void {}
    }
    class FactoryJobs {
      @AcbTask('factory_task')
      run(): string {
        return 'made';
      }
    }
    const module = await build({}, [Jobs, { provide: 'FACTORY_JOBS', useFactory: () => new FactoryJobs() }, Undecorated]);
    const registry = module.get(TaskRegistry);
    expect(registry.has('inherited_task')).toBe(true);
    expect(registry.has('factory_task')).toBe(true);
    const handle = await module.get(Queue).enqueue('inherited_task', {});
    await module.get(Worker).processAll();
    expect(await module.get(Queue).getTask(handle.id)).toMatchObject({ result: 'base' });
  });

  it('accepts declared remote tasks only (or every name with allowRemoteTasks)', async () => {
    const module = await build({ remoteTasks: ['billing_sync'] });
    await expect(module.get(Queue).enqueue('billing_sync', { a: 1 })).resolves.toMatchObject({ name: 'billing_sync' });
    await expect(module.get(Queue).enqueue('other', {})).rejects.toThrow(/Unknown task "other"/);
    const open = await build({ allowRemoteTasks: true });
    await expect(open.get(Queue).enqueue('anything', {})).resolves.toMatchObject({ deduplicated: false });
  });

  it('applies the module timeoutMs and maxRetries to tasks that set none', async () => {
    const module = await build({ timeoutMs: 1234, worker: { maxRetries: 7 } });
    module.get(TaskRegistry).register('plain', () => undefined);
    module.get(TaskRegistry).register('own', () => undefined, { timeoutMs: 10, maxRetries: 1, priority: 'low' });
    const plain = await module.get(Queue).enqueue('plain', {});
    const own = await module.get(Queue).enqueue('own', {});
    const call = await module.get(Queue).enqueue('own', {}, { maxRetries: 0, priority: 9 });
    expect(await module.get(Queue).getTask(plain.id)).toMatchObject({ timeoutMs: 1234, maxRetries: 7, priority: 5 });
    expect(await module.get(Queue).getTask(own.id)).toMatchObject({ timeoutMs: 10, maxRetries: 1, priority: 2 });
    expect(await module.get(Queue).getTask(call.id)).toMatchObject({ maxRetries: 0, priority: 9 });
  });

  it('keeps a JSON result and drops one JSON cannot hold', async () => {
    const module = await build({});
    const registry = module.get(TaskRegistry);
    registry.register('dated', () => ({ at: new Date(0) }));
    registry.register('cyclic', () => {
      const o: Record<string, unknown> = {};
      o.o = o;
      return o;
    });
    const a = await module.get(Queue).enqueue('dated', {});
    const b = await module.get(Queue).enqueue('cyclic', {});
    await module.get(Worker).processAll();
    expect(await module.get(Queue).getTask(a.id)).toMatchObject({ status: 'completed', result: { at: '1970-01-01T00:00:00.000Z' } });
    const cyclic = await module.get(Queue).getTask(b.id);
    expect(cyclic?.status).toBe('completed');
    expect(cyclic?.result).toBeUndefined();
  });

  it('reports health up while the backend answers and down once closed', async () => {
    const module = await build({});
    const health = module.get(QueuesHealthIndicator);
    expect(await health.isHealthy()).toEqual({ queue: { status: 'up', backend: 'memory' } });
    await module.get<QueueBackend>(QUEUE_BACKEND).close();
    expect(await health.isHealthy('tasks')).toEqual({
      tasks: { status: 'down', backend: 'memory', message: expect.stringContaining('closed') },
    });
  });
});
