/**
 * Backend-level checks shared by the Redis and RabbitMQ backends: what the conformance suite (which goes through
 * the module) does not reach — graceful stop with a timeout, the drain primitive on a persistent backend, attempt
 * counts across backend instances, schedules across two instances. Real servers only.
 */
import { randomUUID } from 'node:crypto';
import type {
  QueueBackend,
  QueueBackendOptions,
  TaskHandlerFn,
  TaskOutcome,
} from '../../../src/interfaces/queue-backend.interface';
import { WAITING_TASK_STATUSES, type EnqueueRequest, type TaskRecord, type TaskStatus } from '../../../src/interfaces/task.interface';
import { DEFAULT_BACKOFF } from '@acb/common';

export type BackendFactory = (overrides: Partial<QueueBackendOptions>) => QueueBackend;

export const silentLogger = { log: () => undefined, error: () => undefined, warn: () => undefined };

/** Backend options for a test file: its server, its own prefix, quiet, 3 retries with the default backoff. */
export function testBackendOptions(
  url: string,
  prefix: string,
  overrides: Partial<QueueBackendOptions> = {},
): QueueBackendOptions {
  return {
    connection: { url },
    prefix,
    queues: [],
    defaults: { maxRetries: 3, backoff: { ...DEFAULT_BACKOFF }, timeoutMs: 0 },
    logger: silentLogger,
    extra: {},
    ...overrides,
  };
}

/**
 * `open(overrides)` makes a backend with `make`, connects it and keeps it; every backend opened in a test is closed
 * after that test. Call it in a `describe` body.
 */
export function backendsClosedAfterEach<B extends QueueBackend>(
  make: (overrides: Partial<QueueBackendOptions>) => B,
): (overrides?: Partial<QueueBackendOptions>) => Promise<B> {
  const opened: B[] = [];
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((backend) => backend.close()));
  });
  return async (overrides = {}) => {
    const backend = make(overrides);
    opened.push(backend);
    await backend.connect();
    return backend;
  };
}

export function request(queue: string, name: string, overrides: Partial<EnqueueRequest> = {}): EnqueueRequest {
  return {
    id: randomUUID(),
    deduplicate: false,
    name,
    queue,
    payload: { name },
    priority: 5,
    delayMs: 0,
    maxRetries: 0,
    backoff: { type: 'fixed', delayMs: 10, maxDelayMs: 1000, multiplier: 2, jitter: 0 },
    timeoutMs: 0,
    ...overrides,
  };
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns true or `timeoutMs` passes. */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 15000, stepMs = 25): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await sleep(stepMs);
  }
}

const complete: TaskHandlerFn = async (task) => ({ status: 'completed', result: { echoed: task.payload } });

/** How the suite reads statuses: `one` every status known (redis); `per-process` rabbitmq without statusStoreUrl. */
export interface BackendSuiteOptions {
  /**
   * `per-process`: a task this instance last saw waiting reads `unknown` with that status in `localStatus`, and
   * cancelling it answers 'requested' (libs/queues README, rabbitmq). @default 'one'
   */
  statusView?: 'one' | 'per-process';
}

export function runBackendSuite(title: string, make: BackendFactory, suiteOptions: BackendSuiteOptions = {}): void {
  const perProcess = suiteOptions.statusView === 'per-process';
  /** Whether `record` shows a task not started, in `status` (per process: `unknown`, last seen in `status`). */
  const seenAs = (record: TaskRecord | undefined, status: TaskStatus): boolean =>
    perProcess ? record?.status === 'unknown' && record.localStatus === status : record?.status === status;

  describe(title, () => {
    const opened: QueueBackend[] = [];
    let backend: QueueBackend;
    let queue: string;

    const open = async (overrides: Partial<QueueBackendOptions> = {}): Promise<QueueBackend> => {
      const created = make(overrides);
      opened.push(created);
      await created.connect();
      return created;
    };

    beforeEach(async () => {
      queue = `q-${randomUUID().slice(0, 8)}`;
      backend = await open({ queues: [queue] });
    });

    afterEach(async () => {
      await backend.obliterate(queue).catch(() => undefined);
      await Promise.all(opened.splice(0).map((created) => created.close()));
    });

    /** Drains with runNext until nothing is due, returning the task names in run order. */
    async function drain(handler: TaskHandlerFn = complete, on: QueueBackend = backend): Promise<string[]> {
      const order: string[] = [];
      const recording: TaskHandlerFn = async (task, signal) => {
        order.push(task.name);
        return handler(task, signal);
      };
      while (await on.runNext(queue, recording)) {
        // keep draining
      }
      return order;
    }

    it('runs due tasks by priority, FIFO within one priority', async () => {
      await backend.enqueue(request(queue, 'low', { priority: 2 }));
      await backend.enqueue(request(queue, 'normal-1', { priority: 5 }));
      await backend.enqueue(request(queue, 'critical', { priority: 10 }));
      await backend.enqueue(request(queue, 'normal-2', { priority: 5 }));
      await backend.enqueue(request(queue, 'high', { priority: 7 }));
      await backend.enqueue(request(queue, 'zero', { priority: 0 }));
      expect(await drain()).toEqual(['critical', 'high', 'normal-1', 'normal-2', 'low', 'zero']);
    });

    it('keeps a delayed task invisible until due, then runs it', async () => {
      const { id } = await backend.enqueue(request(queue, 'later', { delayMs: 700 }));
      expect(seenAs(await backend.getTask(queue, id), 'delayed')).toBe(true);
      expect(await drain()).toEqual([]);
      await waitFor(async () => (await drain()).length === 1, 10000, 100);
      const task = await backend.getTask(queue, id);
      expect(task?.status).toBe('completed');
      expect(task?.startedAt ?? 0).toBeGreaterThanOrEqual(task?.runAt ?? Infinity);
    });

    it('retries with backoff up to maxRetries, then dead-letters with the last error; retry and purge', async () => {
      const { id } = await backend.enqueue(request(queue, 'flaky', { maxRetries: 2 }));
      const failing: TaskHandlerFn = async (task) => ({ status: 'failed', error: `Error: boom ${task.attempts}`, retryable: true });
      await waitFor(async () => {
        await drain(failing);
        return (await backend.getTask(queue, id))?.status === 'dead';
      });
      const dead = (await backend.getTask(queue, id)) as TaskRecord;
      expect(dead.attempts).toBe(3);
      expect(dead.error).toBe('Error: boom 3');
      expect((await backend.listTasks(queue, ['dead'])).map((task) => task.id)).toEqual([id]);

      expect(await backend.retryDead(queue, id)).toBe(true);
      const retried = await backend.getTask(queue, id);
      expect(seenAs(retried, 'pending')).toBe(true);
      expect(retried?.attempts).toBe(0);
      await waitFor(async () => {
        await drain(failing);
        return (await backend.getTask(queue, id))?.status === 'dead';
      });
      expect(await backend.purgeDead(queue)).toBe(1);
      expect(await backend.listTasks(queue, ['dead'])).toEqual([]);
    });

    it('dead-letters a non-retryable failure at once', async () => {
      const { id } = await backend.enqueue(request(queue, 'orphan', { maxRetries: 5 }));
      await drain(async () => ({ status: 'failed', error: 'No handler for task "orphan"', retryable: false }));
      const task = await backend.getTask(queue, id);
      expect(task?.status).toBe('dead');
      expect(task?.attempts).toBe(1);
      expect(task?.error).toBe('No handler for task "orphan"');
    });

    it('deduplicates a caller jobId and cancels a task that has not started', async () => {
      const first = await backend.enqueue(request(queue, 'once', { id: 'order-42', deduplicate: true }));
      const second = await backend.enqueue(request(queue, 'once', { id: 'order-42', deduplicate: true }));
      expect(first).toEqual({ id: 'order-42', deduplicated: false });
      expect(second).toEqual({ id: 'order-42', deduplicated: true });
      expect(await backend.cancel(queue, 'order-42')).toBe(perProcess ? 'requested' : true);
      expect(seenAs(await backend.getTask(queue, 'order-42'), 'cancelled')).toBe(true);
      // Per process a second request is sent again (whether the first reached every consumer is not known here).
      expect(await backend.cancel(queue, 'order-42')).toBe(perProcess ? 'requested' : false);
      expect(await backend.cancel(queue, 'never-enqueued')).toBe(false);
      expect(await drain()).toEqual([]);
      const again = await backend.enqueue(request(queue, 'once', { id: 'order-42', deduplicate: true }));
      expect(again.deduplicated).toBe(true);
    });

    it('consumes with concurrency and records results', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 20; i++) ids.push((await backend.enqueue(request(queue, `t${i}`))).id);
      let running = 0;
      let peak = 0;
      const consumer = await backend.consume(queue, { concurrency: 4 }, async (task) => {
        running++;
        peak = Math.max(peak, running);
        await sleep(20);
        running--;
        return { status: 'completed', result: { n: task.name } };
      });
      await waitFor(async () => (await Promise.all(ids.map((id) => backend.getTask(queue, id)))).every((t) => t?.status === 'completed'));
      await consumer.stop(1000);
      expect(peak).toBeGreaterThan(1);
      expect(peak).toBeLessThanOrEqual(4);
      expect((await backend.getTask(queue, ids[3]))?.result).toEqual({ n: 't3' });
    });

    it('graceful stop: finished in time, or returned to the queue without counting the attempt', async () => {
      const quick = await backend.enqueue(request(queue, 'quick'));
      const stuck = await backend.enqueue(request(queue, 'stuck', { priority: 4 }));
      const started = new Set<string>();
      let abortedSeen = false;
      const consumer = await backend.consume(queue, { concurrency: 2 }, async (task, signal) => {
        started.add(task.name);
        if (task.name === 'quick') {
          await sleep(300);
          return { status: 'completed' };
        }
        await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
        abortedSeen = true;
        return { status: 'completed', result: 'too late' } as TaskOutcome;
      });
      await waitFor(() => started.size === 2);
      const report = await consumer.stop(1200);
      expect(report).toEqual({ finished: 1, returned: 1 });
      expect(abortedSeen).toBe(true);
      expect((await backend.getTask(queue, quick.id))?.status).toBe('completed');
      await waitFor(async () => seenAs(await backend.getTask(queue, stuck.id), 'pending'), 5000);
      expect((await backend.getTask(queue, stuck.id))?.attempts).toBe(0);
      expect(await drain()).toEqual(['stuck']);
      expect((await backend.getTask(queue, stuck.id))?.status).toBe('completed');
    });

    it('an interrupted attempt goes back to the queue and is not counted', async () => {
      const { id } = await backend.enqueue(request(queue, 'interrupted'));
      expect(await backend.runNext(queue, async () => ({ status: 'interrupted' }))).toBe(true);
      await waitFor(async () => seenAs(await backend.getTask(queue, id), 'pending'), 5000);
      expect((await backend.getTask(queue, id))?.attempts).toBe(0);
    });

    it('keeps the attempt count across backend instances (a restart)', async () => {
      const { id } = await backend.enqueue(request(queue, 'persistent', { maxRetries: 3 }));
      await backend.runNext(queue, async () => ({ status: 'failed', error: 'Error: first', retryable: true }));
      const other = await open({ queues: [queue] });
      const seen: number[] = [];
      await waitFor(async () => {
        await other.runNext(queue, async (task) => {
          seen.push(task.attempts);
          return { status: 'completed' };
        });
        return seen.length === 1;
      });
      expect(seen).toEqual([2]);
      expect((await other.getTask(queue, id))?.attempts).toBe(2);
    });

    it('lists pending tasks in run order, delayed ones by due time', async () => {
      const later = await backend.enqueue(request(queue, 'later', { delayMs: 60000 }));
      const soon = await backend.enqueue(request(queue, 'soon', { delayMs: 30000 }));
      const low = await backend.enqueue(request(queue, 'low', { priority: 1 }));
      const high = await backend.enqueue(request(queue, 'high', { priority: 9 }));
      const listed = await backend.listTasks(queue, WAITING_TASK_STATUSES);
      expect(listed.map((task) => task.id)).toEqual([high.id, low.id, soon.id, later.id]);
      expect(listed.every((task, i) => seenAs(task, i < 2 ? 'pending' : 'delayed'))).toBe(true);
      // Per process none of them is listed as pending/delayed: this instance cannot know whether another ran them.
      expect(await backend.listTasks(queue, ['pending', 'delayed', 'failed'])).toHaveLength(perProcess ? 0 : 4);
    });
  });
}
