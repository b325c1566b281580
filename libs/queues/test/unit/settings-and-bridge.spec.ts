import { Test } from '@nestjs/testing';
import {
  AcbQueuesModule,
  createQueuesEventBridge,
  InvalidQueuesOptionError,
  Queue,
  queueOptionsFromSettings,
  TaskRegistry,
  Worker,
} from '@acb/queues';

describe('queueOptionsFromSettings', () => {
  it('maps the adapters.yml queue block, revealing secrets', () => {
    const secret = { reveal: () => 's3cret', toString: () => '[redacted]' };
    const options = queueOptionsFromSettings({
      backend: 'redis',
      redis: { host: 'cache.local', port: '6380', db: 2, password: secret },
      workers: { concurrency: 4, maxRetries: 5 },
      run_worker: true,
      shutdown_timeout: 2,
      timeout: 1.5,
      prefix: 'shop',
      queues: ['default', 'emails'],
      remoteTasks: ['send_sms'],
      backendOptions: { stalledIntervalMs: 5000 },
    });
    expect(options).toEqual({
      backendOptions: { stalledIntervalMs: 5000 },
      backend: 'redis',
      connection: { host: 'cache.local', port: 6380, db: 2, password: 's3cret' },
      prefix: 'shop',
      queues: ['default', 'emails'],
      worker: { concurrency: 4, maxRetries: 5, shutdownTimeoutMs: 2000 },
      timeoutMs: 1500,
      remoteTasks: ['send_sms'],
      runWorker: true,
    });
  });

  it('accepts a URL string, the seed spelling max_retries, and lets overrides win', () => {
    const options = queueOptionsFromSettings(
      { backend: 'rabbitmq', rabbitmq: 'amqp://guest:guest@localhost:5672', workers: { max_retries: 1 } },
      { runWorker: false, worker: { concurrency: 2 } },
    );
    expect(options).toEqual({
      backend: 'rabbitmq',
      connection: { url: 'amqp://guest:guest@localhost:5672' },
      runWorker: false,
      worker: { maxRetries: 1, concurrency: 2 },
    });
  });

  it('reads numbers and booleans written as text (environment overrides)', () => {
    expect(queueOptionsFromSettings({ runWorker: 'true', shutdownTimeout: '1.5', workers: { concurrency: '3' } })).toEqual({
      backend: 'memory',
      runWorker: true,
      worker: { concurrency: 3, shutdownTimeoutMs: 1500 },
    });
  });

  it('names the key of a wrong value', () => {
    expect(() => queueOptionsFromSettings({ backend: 'redis', redis: { port: 'abc' } })).toThrow(/queue\.redis\.port/);
    expect(() => queueOptionsFromSettings({ runWorker: 'yes' })).toThrow(InvalidQueuesOptionError);
    expect(() => queueOptionsFromSettings({ queues: 'default' })).toThrow(/queue\.queues/);
  });

  it('takes durations in seconds and refuses a key still written in milliseconds, naming it', () => {
    expect(queueOptionsFromSettings({ shutdown_timeout: 0.25, timeout: 30 })).toMatchObject({ timeoutMs: 30_000, worker: { shutdownTimeoutMs: 250 } });
    for (const key of ['shutdownTimeoutMs', 'timeoutMs', 'shutdown_timeout_ms']) {
      expect(() => queueOptionsFromSettings({ [key]: 1000 })).toThrow(
        `AcbQueuesModule: invalid option "queue.${key}": durations in settings are seconds, written without a unit suffix (shutdown_timeout: 10, timeout: 30).`,
      );
    }
  });
});

describe('createQueuesEventBridge', () => {
  it('registers viaQueue handlers as tasks and enqueues events, attempt taken from the task', async () => {
    const module = await Test.createTestingModule({ imports: [AcbQueuesModule.forRoot({})] }).compile();
    module.useLogger(false);
    await module.init();
    try {
      const bridge = createQueuesEventBridge(module.get(TaskRegistry), module.get(Queue));
      const runs: Array<{ attempt: number; name: unknown }> = [];
      bridge.register(
        'app.event.user.created.Audit.onUser',
        async (event) => {
          runs.push({ attempt: event.attempt, name: event.name });
          if (event.attempt === 1) throw new Error('first try fails');
        },
        { maxRetries: 2, timeoutMs: 0 },
      );
      const id = await bridge.enqueue(
        'app.event.user.created.Audit.onUser',
        { id: 'e1', name: 'user.created', payload: { id: 1 }, metadata: {}, timestamp: 0, correlationId: 'c', attempt: 1 },
        { priority: 3 },
      );
      const record = await module.get(Queue).getTask(id);
      expect(record?.priority).toBe(8);
      const worker = module.get(Worker);
      await worker.processAll();
      const failed = await module.get(Queue).getTask(id);
      expect(failed?.status).toBe('failed');
      // Backoff defaults to ~1 s; the bridge keeps the queue's retry semantics.
      await new Promise((resolve) => setTimeout(resolve, (failed?.runAt ?? 0) - Date.now() + 20));
      await worker.processAll();
      expect(runs).toEqual([
        { attempt: 1, name: 'user.created' },
        { attempt: 2, name: 'user.created' },
      ]);
      expect((await module.get(Queue).getTask(id))?.status).toBe('completed');
    } finally {
      await module.close();
    }
  });
});
