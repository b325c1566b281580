import { DuplicateTaskIdError, MemoryQueueBackend, QueueBackendClosedError, WorkerStoppedError, type EnqueueRequest, type QueueBackendOptions, type TaskHandlerFn } from '@acb/queues';

const options = (extra: Record<string, unknown> = {}): QueueBackendOptions => ({
  connection: {},
  prefix: 'unit',
  queues: ['q'],
  defaults: { maxRetries: 0, timeoutMs: 0, backoff: { type: 'fixed', delayMs: 10, maxDelayMs: 10, multiplier: 2, jitter: 0 } },
  logger: { log: () => undefined, error: () => undefined, warn: () => undefined },
  extra,
});

let seq = 0;
const request = (overrides: Partial<EnqueueRequest> = {}): EnqueueRequest => ({
  id: `t${++seq}`,
  deduplicate: false,
  name: 'n',
  queue: 'q',
  payload: { a: 1 },
  priority: 5,
  delayMs: 0,
  maxRetries: 0,
  backoff: { type: 'fixed', delayMs: 10, maxDelayMs: 10, multiplier: 2, jitter: 0 },
  timeoutMs: 0,
  ...overrides,
});

const complete: TaskHandlerFn = async () => ({ status: 'completed', result: 'ok' });

describe('MemoryQueueBackend', () => {
  afterEach(() => jest.useRealTimers());

  it('refuses a duplicate id unless asked to deduplicate', async () => {
    const backend = new MemoryQueueBackend(options());
    await backend.enqueue(request({ id: 'same' }));
    await expect(backend.enqueue(request({ id: 'same' }))).rejects.toThrow(DuplicateTaskIdError);
    await expect(backend.enqueue(request({ id: 'same', deduplicate: true }))).resolves.toEqual({ id: 'same', deduplicated: true });
    await backend.close();
  });

  it('keeps at most maxFinished completed records, dropping the oldest (their jobId can be reused)', async () => {
    const backend = new MemoryQueueBackend(options({ maxFinished: 2 }));
    for (const id of ['a', 'b', 'c']) await backend.enqueue(request({ id }));
    while (await backend.runNext('q', complete));
    expect(await backend.getTask('q', 'a')).toBeUndefined();
    expect((await backend.getTask('q', 'b'))?.status).toBe('completed');
    expect((await backend.getTask('q', 'c'))?.result).toBe('ok');
    await expect(backend.enqueue(request({ id: 'a', deduplicate: true }))).resolves.toEqual({ id: 'a', deduplicated: false });
    await backend.close();
  });

  it('waits out delays longer than a single timer can (about 24.8 days)', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    const backend = new MemoryQueueBackend(options());
    const day = 24 * 3600 * 1000;
    await backend.enqueue(request({ id: 'far', delayMs: 30 * day }));
    await jest.advanceTimersByTimeAsync(29 * day);
    expect((await backend.getTask('q', 'far'))?.status).toBe('delayed');
    await jest.advanceTimersByTimeAsync(day + 1);
    expect((await backend.getTask('q', 'far'))?.status).toBe('pending');
    await backend.close();
  });

  it('hands the handler a copy: a payload mutated by a failed attempt is not what the retry gets', async () => {
    const backend = new MemoryQueueBackend(options());
    await backend.enqueue(request({ id: 'm', maxRetries: 1, backoff: { type: 'fixed', delayMs: 0, maxDelayMs: 0, multiplier: 2, jitter: 0 } }));
    const seen: unknown[] = [];
    const mutating: TaskHandlerFn = async (task) => {
      seen.push(structuredClone(task.payload));
      (task.payload as Record<string, unknown>).a = 'changed';
      return { status: 'failed', error: 'x', retryable: true };
    };
    while (await backend.runNext('q', mutating));
    expect(seen).toEqual([{ a: 1 }, { a: 1 }]);
    expect((await backend.getTask('q', 'm'))?.payload).toEqual({ a: 1 });
    await backend.close();
  });

  it('aborts a stopped consumer signal with WorkerStoppedError and rejects use after close', async () => {
    const backend = new MemoryQueueBackend(options());
    let reason: unknown;
    const consumer = await backend.consume('q', { concurrency: 1 }, (_task, signal) => {
      return new Promise((resolve) => {
        signal.addEventListener('abort', () => {
          reason = signal.reason;
          resolve({ status: 'interrupted' });
        });
      });
    });
    await backend.enqueue(request({ id: 'stuck' }));
    for (let i = 0; i < 20 && consumer.activeCount === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(await consumer.stop(10)).toEqual({ finished: 0, returned: 1 });
    expect(reason).toBeInstanceOf(WorkerStoppedError);
    expect(await backend.getTask('q', 'stuck')).toMatchObject({ status: 'pending', attempts: 0 });
    await backend.close();
    await expect(backend.ping()).rejects.toThrow(QueueBackendClosedError);
    await expect(backend.enqueue(request())).rejects.toThrow(QueueBackendClosedError);
  });

  it('obliterates every task of a queue', async () => {
    const backend = new MemoryQueueBackend(options());
    await backend.enqueue(request({ id: 'x1' }));
    await backend.enqueue(request({ id: 'x2', delayMs: 1000 }));
    await backend.obliterate('q');
    expect(await backend.listTasks('q', ['pending', 'delayed'])).toEqual([]);
    expect(await backend.runNext('q', complete)).toBe(false);
    await backend.close();
  });
});
