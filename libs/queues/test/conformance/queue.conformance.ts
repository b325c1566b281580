import { randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  AcbProcessor,
  AcbQueuesModule,
  AcbTask,
  defineTask,
  OnTaskEvent,
  UnrecoverableTaskError,
  type TaskEvent,
  InvalidPayloadError,
  Queue,
  QUEUE_BACKEND,
  Scheduler,
  TaskRegistry,
  UnknownTaskError,
  Worker,
  type AcbQueuesModuleOptions,
  type CancelResult,
  type QueueBackend,
  type TaskContext,
  type TaskStatus,
} from '@acb/queues';
import { createClock, type ConformanceClock } from './conformance-clock';

/** How to run the suite against one backend. */
export interface QueueConformanceOptions {
  /** `fake`: jest fake timers drive time (in-process backends); `real`: real sleeps (servers). @default 'real' */
  timing?: 'fake' | 'real';
  /** The time unit every delay, backoff and interval is a multiple of. @default 1000 (fake) / 250 (real) */
  unitMs?: number;
  /** Per-test timeout. @default 20000 (fake) / 60000 (real) */
  testTimeoutMs?: number;
  /**
   * `one`: every status is known (memory, redis, rabbitmq with `statusStoreUrl`). `per-process`: the backend keeps
   * task records per process (rabbitmq without `statusStoreUrl`), so a task last seen waiting reads `unknown` with
   * that status in `localStatus`, and cancelling it answers `'requested'`, never true. @default 'one'
   */
  statusView?: 'one' | 'per-process';
}

/** A task registered in the suite's applications through @AcbTask (the decorator path). */
@Injectable()
class DecoratedTasks {
  readonly seen: string[] = [];

  @AcbTask('conformance_decorated', { priority: 'high' })
  handle(payload: { tag: string }): string {
    this.seen.push(payload.tag);
    return `done:${payload.tag}`;
  }
}

/** Typed tasks: the payload and result types travel with the definition (compile-time checks: typed-tasks.types.spec.ts). */
const Square = defineTask<{ n: number }, { squared: number }>('conformance_square', { priority: 'high' });
const Declared = defineTask<{ note: string }>('conformance_declared_elsewhere', { queue: 'conf-other' });

/**
 * A class-level processor (@nestjs/bullmq's `@Processor`): its @AcbTask goes to its queue, `process()` handles every
 * other task of the queue by name, its hooks hear that queue's task events, and its queue runs 2 at a time.
 */
@Injectable()
@AcbProcessor('conf-proc', { concurrency: 2 })
class ConformanceProcessor {
  readonly events: TaskEvent[] = [];
  active = 0;
  peak = 0;

  @AcbTask('conf_proc_named')
  named(payload: { n: number }): number {
    return payload.n + 1;
  }

  async process(payload: { n: number }, ctx: TaskContext): Promise<number> {
    switch (ctx.name) {
      case 'conf_proc_double':
        return payload.n * 2;
      case 'conf_proc_fail':
        throw new Error(`failing ${ctx.attempt}`);
      case 'conf_proc_slow':
        this.active++;
        this.peak = Math.max(this.peak, this.active);
        await new Promise<void>((resolve) => setTimeout(resolve, payload.n));
        this.active--;
        return 0;
      default:
        throw new UnrecoverableTaskError(`no case for ${ctx.name}`);
    }
  }

  @OnTaskEvent(['completed', 'failed', 'retrying', 'dead'])
  record(event: TaskEvent): void {
    this.events.push(event);
  }
}

interface Harness {
  module: TestingModule;
  queue: Queue;
  worker: Worker;
  registry: TaskRegistry;
  scheduler: Scheduler;
  decorated: DecoratedTasks;
  processor: ConformanceProcessor;
}

/**
 * THE QUEUE CONFORMANCE SUITE: one behaviour for every backend. Call it from a spec (memory, fake timers) or an
 * int-spec (redis, rabbitmq, real time). `createModuleOptions` returns the module options of the backend under test
 * (backend, connection...); the suite sets a unique `prefix` per test (from the returned one), `runWorker: false`,
 * and drives the Worker itself.
 *
 * @example runQueueConformance('redis', () => ({ backend: 'redis', connection: { url } }), { timing: 'real' })
 */
export function runQueueConformance(
  name: string,
  createModuleOptions: () => AcbQueuesModuleOptions | Promise<AcbQueuesModuleOptions>,
  suiteOptions: QueueConformanceOptions = {},
): void {
  const timing = suiteOptions.timing ?? 'real';
  const unit = suiteOptions.unitMs ?? (timing === 'fake' ? 1000 : 250);
  const timeoutMs = suiteOptions.testTimeoutMs ?? (timing === 'fake' ? 20_000 : 60_000);
  const check = (title: string, fn: () => Promise<void>): void => it(title, fn, timeoutMs);
  const perProcess = suiteOptions.statusView === 'per-process';
  /** What getTask shows of a task that waits (or was cancelled before it started) with `status`. */
  const waitingView = (status: TaskStatus): { status: TaskStatus; localStatus?: TaskStatus } =>
    perProcess ? { status: 'unknown', localStatus: status } : { status };
  /** What cancelling a task that has not started answers. */
  const cancelledNow: CancelResult = perProcess ? 'requested' : true;

  describe(`queue conformance: ${name}`, () => {
    let clock: ConformanceClock;
    const open: Harness[] = [];

    beforeEach(() => {
      if (timing === 'fake') jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
      clock = createClock(timing, unit);
    });

    afterEach(async () => {
      for (const harness of open.splice(0)) {
        await harness.worker.stop(0);
        for (const queue of ['default', 'conf-other', 'conf-proc', 'conf-rate']) await obliterate(harness, queue);
        await clock.settle(harness.module.close());
      }
      if (timing === 'fake') jest.useRealTimers();
    });

    async function obliterate(harness: Harness, queue: string): Promise<void> {
      const backend = harness.module.get<QueueBackend>(QUEUE_BACKEND);
      await backend.obliterate(queue);
    }

    async function createHarness(extra: AcbQueuesModuleOptions = {}): Promise<Harness> {
      const base = await createModuleOptions();
      const prefix = `${base.prefix ?? 'acbconf'}-${randomBytes(4).toString('hex')}`;
      const module = await Test.createTestingModule({
        imports: [
          AcbQueuesModule.forRoot({
            ...base,
            ...extra,
            prefix,
            runWorker: false,
            queues: ['default', 'conf-other'],
            worker: { ...base.worker, ...extra.worker },
          }),
        ],
        providers: [DecoratedTasks, ConformanceProcessor],
      }).compile();
      module.useLogger(false);
      await module.init();
      const harness: Harness = {
        module,
        queue: module.get(Queue),
        worker: module.get(Worker),
        registry: module.get(TaskRegistry),
        scheduler: module.get(Scheduler),
        decorated: module.get(DecoratedTasks),
        processor: module.get(ConformanceProcessor),
      };
      open.push(harness);
      return harness;
    }

    /** Runs processAll repeatedly while time passes until `check` holds (retries and delays on real servers). */
    async function drainUntil(h: Harness, check: () => Promise<boolean>, what: string): Promise<void> {
      await clock.eventually(
        async () => {
          await clock.settle(h.worker.processAll());
          return check();
        },
        200 * unit,
        what,
      );
    }

    check('runs due tasks in strict priority order, FIFO within one priority', async () => {
      const h = await createHarness();
      const order: string[] = [];
      h.registry.register('record', (payload: { tag: string }) => void order.push(payload.tag));
      await h.queue.enqueue('record', { tag: 'low-1' }, { priority: 'low' });
      await h.queue.enqueue('record', { tag: 'normal-1' });
      await h.queue.enqueue('record', { tag: 'critical-1' }, { priority: 'critical' });
      await h.queue.enqueue('record', { tag: 'zero' }, { priority: 0 });
      await h.queue.enqueue('record', { tag: 'high-1' }, { priority: 'high' });
      await h.queue.enqueue('record', { tag: 'normal-2' }, { priority: 'normal' });
      await h.queue.enqueue('record', { tag: 'ten' }, { priority: 10 });
      await h.queue.enqueue('record', { tag: 'low-2' }, { priority: 'low' });
      await h.queue.enqueue('record', { tag: 'high-2' }, { priority: 'high' });

      expect(await clock.settle(h.worker.processAll())).toBe(9);
      expect(order).toEqual(['critical-1', 'ten', 'high-1', 'high-2', 'normal-1', 'normal-2', 'low-1', 'low-2', 'zero']);
      expect(await h.worker.process()).toBe(false);
    });

    check('keeps delayed tasks invisible until due, then orders them by priority', async () => {
      const h = await createHarness();
      const order: string[] = [];
      h.registry.register('record', (payload: { tag: string }) => void order.push(payload.tag));
      const delayed = await h.queue.enqueue('record', { tag: 'delayed-high' }, { priority: 'high', delayMs: 4 * unit });
      const at = await h.queue.enqueueAt(new Date(Date.now() + 4 * unit), 'record', { tag: 'at-normal' });
      const inSeconds = await h.queue.enqueueIn((4 * unit) / 1000, 'record', { tag: 'in-critical' }, { priority: 'critical' });
      await h.queue.enqueue('record', { tag: 'now-low' }, { priority: 'low' });

      await clock.settle(h.worker.processAll());
      expect(order).toEqual(['now-low']);
      for (const handle of [delayed, at, inSeconds]) expect(await h.queue.getTask(handle.id)).toMatchObject(waitingView('delayed'));
      expect((await h.queue.getPendingTasks()).map((t) => t.id).sort()).toEqual([delayed.id, at.id, inSeconds.id].sort());

      await h.queue.enqueue('record', { tag: 'now-low-2' }, { priority: 'low' });
      await clock.advance(6 * unit);
      await clock.settle(h.worker.processAll());
      expect(order).toEqual(['now-low', 'in-critical', 'delayed-high', 'at-normal', 'now-low-2']);
    });

    check('retries a failing task with backoff up to maxRetries, then dead-letters it with its last error', async () => {
      const h = await createHarness();
      const attempts: number[] = [];
      h.registry.register('always_fails', (_payload: unknown, ctx: TaskContext) => {
        attempts.push(ctx.attempt);
        throw new Error(`boom on attempt ${ctx.attempt}`);
      });
      const handle = await h.queue.enqueue('always_fails', { n: 1 }, {
        maxRetries: 2,
        backoff: { type: 'fixed', delayMs: 2 * unit, jitter: 0 },
      });

      await clock.settle(h.worker.processAll());
      expect(attempts).toEqual([1]);
      const afterFirst = await h.queue.getTask(handle.id);
      expect(afterFirst).toMatchObject(waitingView('failed'));
      expect(afterFirst?.attempts).toBe(1);
      expect(afterFirst?.error).toContain('boom on attempt 1');
      // Not before the backoff delay.
      expect(await clock.settle(h.worker.processAll())).toBe(0);

      await drainUntil(h, async () => (await h.queue.getTask(handle.id))?.status === 'dead', 'task dead');
      expect(attempts).toEqual([1, 2, 3]);
      const dead = await h.queue.getTask(handle.id);
      expect(dead).toMatchObject({ status: 'dead', attempts: 3, maxRetries: 2 });
      expect(dead?.error).toContain('boom on attempt 3');
      expect((await h.queue.deadLetters()).map((t) => t.id)).toEqual([handle.id]);
    });

    check('completes a task that succeeds on a retry, keeping its attempt count and result', async () => {
      const h = await createHarness();
      h.registry.register('flaky', (payload: { failTimes: number }, ctx: TaskContext) => {
        if (ctx.attempt <= payload.failTimes) throw new Error('not yet');
        return { attempt: ctx.attempt };
      });
      const handle = await h.queue.enqueue('flaky', { failTimes: 2 }, { maxRetries: 3, backoff: { type: 'exponential', delayMs: unit / 2, jitter: 0 } });
      await drainUntil(h, async () => (await h.queue.getTask(handle.id))?.status === 'completed', 'task completed');
      expect(await h.queue.getTask(handle.id)).toMatchObject({ status: 'completed', attempts: 3, result: { attempt: 3 } });
    });

    check('deduplicates by jobId', async () => {
      const h = await createHarness();
      let runs = 0;
      h.registry.register('once', () => void runs++);
      const first = await h.queue.enqueue('once', { v: 1 }, { jobId: 'order-42' });
      const second = await h.queue.enqueue('once', { v: 2 }, { jobId: 'order-42' });
      expect(first).toMatchObject({ id: 'order-42', deduplicated: false });
      expect(second).toMatchObject({ id: 'order-42', deduplicated: true });
      expect(await h.queue.getPendingTasks()).toHaveLength(1);
      await clock.settle(h.worker.processAll());
      expect(runs).toBe(1);
      expect((await h.queue.getTask('order-42'))?.payload).toEqual({ v: 1 });
    });

    check('cancels tasks that have not started, and only those', async () => {
      const h = await createHarness();
      const ran: string[] = [];
      h.registry.register('record', (payload: { tag: string }) => void ran.push(payload.tag));
      const a = await h.queue.enqueue('record', { tag: 'a' });
      const b = await h.queue.enqueue('record', { tag: 'b' });
      const later = await h.queue.enqueue('record', { tag: 'later' }, { delayMs: 2 * unit });
      expect(await h.queue.cancel(a.id)).toBe(cancelledNow);
      expect(await h.queue.cancel(later)).toBe(cancelledNow);
      await clock.settle(h.worker.processAll());
      expect(ran).toEqual(['b']);
      expect(await h.queue.getTask(a.id)).toMatchObject(waitingView('cancelled'));
      expect(await h.queue.cancel(b.id)).toBe(false);
      expect(await h.queue.cancel('no-such-task')).toBe(false);
      await clock.advance(3 * unit);
      await clock.settle(h.worker.processAll());
      expect(ran).toEqual(['b']);
      // Per process the cancelled tasks stay listed as `unknown` (whether they had started elsewhere is not known).
      const left = await h.queue.getPendingTasks();
      if (perProcess) expect(left.map((task) => [task.id, task.status, task.localStatus]).sort()).toEqual([[a.id, 'unknown', 'cancelled'], [later.id, 'unknown', 'cancelled']].sort());
      else expect(left).toEqual([]);
    });

    check('lists, retries and purges dead letters', async () => {
      const h = await createHarness();
      let healthy = false;
      h.registry.register('fragile', (payload: { n: number }) => {
        if (!healthy) throw new Error(`down ${payload.n}`);
        return payload.n;
      }, { maxRetries: 0 });
      const one = await h.queue.enqueue('fragile', { n: 1 });
      const two = await h.queue.enqueue('fragile', { n: 2 });
      const three = await h.queue.enqueue('fragile', { n: 3 });
      await clock.settle(h.worker.processAll());
      const dead = await h.queue.deadLetters();
      expect(dead.map((t) => t.id).sort()).toEqual([one.id, two.id, three.id].sort());
      expect(dead.find((t) => t.id === two.id)).toMatchObject({ status: 'dead', attempts: 1 });
      expect(dead.find((t) => t.id === two.id)?.error).toContain('down 2');

      healthy = true;
      expect(await h.queue.retryDead(one.id)).toBe(true);
      expect(await h.queue.retryDead(one.id)).toBe(false);
      expect(await h.queue.getTask(one.id)).toMatchObject(waitingView('pending'));
      await clock.settle(h.worker.processAll());
      expect(await h.queue.getTask(one.id)).toMatchObject({ status: 'completed', attempts: 1, result: 1 });

      expect(await h.queue.retryAllDead()).toBe(2);
      await clock.settle(h.worker.processAll());
      expect((await h.queue.getTask(two.id))?.status).toBe('completed');
      expect(await h.queue.deadLetters()).toEqual([]);

      healthy = false;
      await h.queue.enqueue('fragile', { n: 4 });
      await h.queue.enqueue('fragile', { n: 5 });
      await clock.settle(h.worker.processAll());
      expect(await h.queue.deadLetters()).toHaveLength(2);
      expect(await h.queue.purgeDead()).toBe(2);
      expect(await h.queue.deadLetters()).toEqual([]);
    });

    check('dead-letters a task no handler on the worker knows, with the reason', async () => {
      const h = await createHarness({ allowRemoteTasks: true });
      const handle = await h.queue.enqueue('handled_elsewhere', { x: 1 }, { maxRetries: 5 });
      await clock.settle(h.worker.processAll());
      const record = await h.queue.getTask(handle.id);
      expect(record).toMatchObject({ status: 'dead', attempts: 1 });
      expect(record?.error).toMatch(/No handler for task "handled_elsewhere"/);
    });

    check('hands the handler the Dates of the payload as Dates (the serialization contract of events and the cache)', async () => {
      const h = await createHarness();
      const received: unknown[] = [];
      h.registry.register('dated', (payload: unknown) => void received.push(payload));
      const at = new Date('2026-12-06T22:45:00.123Z');
      const handle = await h.queue.enqueue('dated', { at, nested: [{ at }], label: 'x', skipped: undefined });
      expect((await h.queue.getTask(handle))?.payload).toEqual({ at, nested: [{ at }], label: 'x' });
      expect((await h.queue.getPendingTasks()).map((task) => task.payload)).toEqual([{ at, nested: [{ at }], label: 'x' }]);
      expect(await clock.settle(h.worker.processAll())).toBe(1);
      expect(received).toEqual([{ at, nested: [{ at }], label: 'x' }]);
      expect((received[0] as { at: unknown }).at).toBeInstanceOf(Date);
    });

    check('rejects unknown task names and non-JSON payloads at enqueue, storing nothing', async () => {
      const h = await createHarness();
      h.registry.register('known', () => undefined);
      await expect(h.queue.enqueue('unknown_task', {})).rejects.toBeInstanceOf(UnknownTaskError);
      await expect(h.queue.enqueue('known', { seen: new Set([1]) })).rejects.toBeInstanceOf(InvalidPayloadError);
      await expect(h.queue.enqueue('known', { when: new Date('nope') })).rejects.toThrow(/invalid Date/);
      await expect(h.queue.enqueue('known', { n: BigInt(1) })).rejects.toThrow(/payload of task "known"/i);
      await expect(h.queue.enqueue('known', { f: () => 1 })).rejects.toBeInstanceOf(InvalidPayloadError);
      const cyclic: Record<string, unknown> = {};
      cyclic.self = cyclic;
      await expect(h.queue.enqueue('known', cyclic)).rejects.toThrow(/circular/);
      await expect(
        h.queue.enqueueMany([
          { name: 'known', payload: { ok: true } },
          { name: 'known', payload: { bad: Number.NaN } },
        ]),
      ).rejects.toBeInstanceOf(InvalidPayloadError);
      expect(await h.queue.getPendingTasks()).toEqual([]);
      const many = await h.queue.enqueueMany([{ name: 'known', payload: { a: 1 } }, { name: 'known', payload: { a: 2 } }]);
      expect(many).toHaveLength(2);
      expect(await h.queue.getPendingTasks()).toHaveLength(2);
    });

    check('fails an attempt that exceeds timeoutMs (signal aborted) and retries it', async () => {
      const h = await createHarness();
      const signals: boolean[] = [];
      h.registry.register('slow_once', async (_p: unknown, ctx: TaskContext) => {
        if (ctx.attempt === 1) {
          await new Promise<void>((resolve) => ctx.signal.addEventListener('abort', () => resolve(), { once: true }));
          signals.push(ctx.signal.aborted);
          return 'too late';
        }
        return 'in time';
      }, { timeoutMs: 2 * unit, maxRetries: 1, backoff: { type: 'fixed', delayMs: unit, jitter: 0 } });
      const handle = await h.queue.enqueue('slow_once', {});
      await clock.settle(h.worker.processAll());
      const failed = await h.queue.getTask(handle.id);
      expect(failed).toMatchObject(waitingView('failed'));
      expect(failed?.error).toMatch(/timed out after/);
      expect(signals).toEqual([true]);
      await drainUntil(h, async () => (await h.queue.getTask(handle.id))?.status === 'completed', 'retry completed');
      expect(await h.queue.getTask(handle.id)).toMatchObject({ status: 'completed', attempts: 2, result: 'in time' });
    });

    check('reports statuses through getTask: pending (per process: unknown), active, completed with result; ids never seen are undefined', async () => {
      const h = await createHarness();
      const seen: Array<string | undefined> = [];
      h.registry.register('introspect', async (_p: unknown, ctx: TaskContext) => {
        seen.push((await h.queue.getTask(ctx.taskId))?.status);
        return { ok: true };
      });
      const handle = await h.queue.enqueue('introspect', { a: 1 });
      const pending = await h.queue.getTask(handle.id);
      expect(pending).toMatchObject({ id: handle.id, name: 'introspect', ...waitingView('pending'), attempts: 0, payload: { a: 1 } });
      if (!perProcess) expect(pending).not.toHaveProperty('localStatus');
      await clock.settle(h.worker.processAll());
      expect(seen).toEqual(['active']);
      expect(await h.queue.getTask(handle.id)).toMatchObject({ status: 'completed', attempts: 1, result: { ok: true } });
      expect(await h.queue.getTask('never-enqueued')).toBeUndefined();
    });

    check('runs @AcbTask handlers and routes by the task queue', async () => {
      const h = await createHarness();
      const handle = await h.queue.enqueue('conformance_decorated', { tag: 'x' });
      expect(handle.queue).toBe('default');
      const other = await h.queue.enqueue('conformance_decorated', { tag: 'y' }, { queue: 'conf-other' });
      expect(other.queue).toBe('conf-other');
      expect(await clock.settle(h.worker.processAll())).toBe(2);
      expect(h.decorated.seen.sort()).toEqual(['x', 'y']);
      expect(await h.queue.getTask(other.id)).toMatchObject({ status: 'completed', result: 'done:y', queue: 'conf-other' });
    });

    check('consumes with at most `concurrency` tasks at once', async () => {
      const h = await createHarness({ worker: { concurrency: 3 } });
      let active = 0;
      let peak = 0;
      let done = 0;
      h.registry.register('busy', async () => {
        active++;
        peak = Math.max(peak, active);
        await new Promise<void>((resolve) => setTimeout(resolve, unit / 2));
        active--;
        done++;
      });
      await h.queue.enqueueMany(Array.from({ length: 9 }, (_, i) => ({ name: 'busy', payload: { i } })));
      await h.worker.start();
      await clock.eventually(() => done === 9, 200 * unit, 'all tasks done');
      expect(peak).toBe(3);
    });

    check('stops gracefully: waits for in-flight tasks, returns unfinished ones to the queue', async () => {
      const h = await createHarness({ worker: { concurrency: 2 } });
      const started: string[] = [];
      let releaseQuick!: () => void;
      const quickGate = new Promise<void>((resolve) => (releaseQuick = resolve));
      let stuckAborted = false;
      let mode: 'blocking' | 'normal' = 'blocking';
      const completed: string[] = [];
      h.registry.register('work', async (payload: { tag: string }, ctx: TaskContext) => {
        started.push(payload.tag);
        if (mode === 'blocking' && payload.tag === 'quick') await quickGate;
        if (mode === 'blocking' && payload.tag === 'stuck') {
          await new Promise<void>((_resolve, reject) =>
            ctx.signal.addEventListener('abort', () => {
              stuckAborted = true;
              reject(new Error('aborted'));
            }, { once: true }),
          );
        }
        completed.push(payload.tag);
      });
      const quick = await h.queue.enqueue('work', { tag: 'quick' }, { priority: 'critical' });
      const stuck = await h.queue.enqueue('work', { tag: 'stuck' }, { priority: 'high' });
      const waiting = await h.queue.enqueue('work', { tag: 'waiting' }, { priority: 'low' });
      await h.worker.start();
      await clock.eventually(() => started.length === 2, 200 * unit, 'two tasks active');
      expect(started.sort()).toEqual(['quick', 'stuck']);

      const stopping = h.worker.stop(4 * unit);
      releaseQuick();
      const report = await clock.settle(stopping);
      expect(report).toEqual({ finished: 1, returned: 1 });
      expect(stuckAborted).toBe(true);
      expect(await h.queue.getTask(quick.id)).toMatchObject({ status: 'completed' });
      const returned = await h.queue.getTask(stuck.id);
      expect(returned).toMatchObject({ ...waitingView('pending'), attempts: 0 });
      expect(await h.queue.getTask(waiting.id)).toMatchObject(waitingView('pending'));

      mode = 'normal';
      await drainUntil(h, async () => (await h.queue.getTask(waiting.id))?.status === 'completed', 'returned work done');
      expect(await h.queue.getTask(stuck.id)).toMatchObject({ status: 'completed', attempts: 1 });
      expect(completed).toEqual(['quick', 'stuck', 'waiting']);
    });

    check('fires schedules on their interval and never overlaps runs of one schedule', async () => {
      const h = await createHarness();
      let running = 0;
      let overlap = false;
      let runs = 0;
      await h.scheduler.interval({ milliseconds: 2 * unit }, 'conf-slow', async () => {
        running++;
        if (running > 1) overlap = true;
        runs++;
        await new Promise<void>((resolve) => setTimeout(resolve, 5 * unit));
        running--;
      });
      await h.scheduler.start();
      await clock.eventually(() => runs >= 2, 200 * unit, 'two runs');
      await clock.eventually(() => (h.scheduler.list().find((s) => s.name === 'conf-slow')?.skipped ?? 0) >= 1, 200 * unit, 'a skipped tick');
      expect(overlap).toBe(false);
      await clock.settle(h.scheduler.stop());
      expect(running).toBe(0);
      const runsAtStop = runs;
      await h.scheduler.remove('conf-slow');
      await clock.advance(6 * unit);
      expect(runs).toBe(runsAtStop);
    });

    check('typed tasks: enqueue by definition, the result comes back typed; a definition declares a task handled elsewhere', async () => {
      const h = await createHarness();
      h.registry.register(Square, (payload) => ({ squared: payload.n * payload.n }));
      const handle = await h.queue.enqueue(Square, { n: 7 });
      expect(handle).toMatchObject({ name: 'conformance_square', queue: 'default', deduplicated: false });
      expect(await h.queue.getTask(handle)).toMatchObject({ ...waitingView('pending'), priority: 7 });
      await clock.settle(h.worker.processAll());
      const record = await h.queue.getTask(handle);
      expect(record?.status).toBe('completed');
      const squared: number | undefined = record?.result?.squared;
      expect(squared).toBe(49);
      expect((await h.queue.getTask(handle.id, Square))?.result).toEqual({ squared: 49 });

      // No handler here: the definition is the declaration (queue and options from it), so it waits for a worker.
      const declared = await h.queue.enqueue(Declared, { note: 'for another process' });
      expect(declared.queue).toBe('conf-other');
      expect(await h.queue.getTask(declared)).toMatchObject({ ...waitingView('pending'), queue: 'conf-other', payload: { note: 'for another process' } });
      await expect(h.queue.enqueue('conformance_not_declared', {})).rejects.toBeInstanceOf(UnknownTaskError);
    });

    check('@AcbProcessor: its @AcbTask goes to its queue, process() handles the other names of its queue, @OnTaskEvent hooks hear completed/failed/retrying/dead', async () => {
      const h = await createHarness();
      const named = await h.queue.enqueue('conf_proc_named', { n: 1 });
      expect(named.queue).toBe('conf-proc');
      const doubled = await h.queue.enqueue('conf_proc_double', { n: 21 }, { queue: 'conf-proc' });
      const failing = await h.queue.enqueue('conf_proc_fail', { n: 0 }, { queue: 'conf-proc', maxRetries: 1, backoff: { type: 'fixed', delayMs: unit, jitter: 0 } });
      const unknown = await h.queue.enqueue('conf_proc_unknown', { n: 0 }, { queue: 'conf-proc' });
      // A name nobody handles is still refused on a queue without a processor.
      await expect(h.queue.enqueue('conf_proc_double', { n: 1 })).rejects.toBeInstanceOf(UnknownTaskError);

      await drainUntil(h, async () => (await h.queue.getTask(failing.id))?.status === 'dead', 'failing task dead');
      expect((await h.queue.getTask(named.id))?.result).toBe(2);
      expect((await h.queue.getTask(doubled.id))?.result).toBe(42);
      expect(await h.queue.getTask(unknown.id)).toMatchObject({ status: 'dead', error: expect.stringContaining('no case for conf_proc_unknown') });

      await clock.eventually(() => h.processor.events.length >= 8, 20 * unit, 'hooks called');
      const seen = h.processor.events.map((event) => `${event.type}:${event.name}:${event.attempt}`).sort();
      expect(seen).toEqual(
        [
          'completed:conf_proc_named:1',
          'completed:conf_proc_double:1',
          'failed:conf_proc_fail:1',
          'retrying:conf_proc_fail:1',
          'failed:conf_proc_fail:2',
          'dead:conf_proc_fail:2',
          'failed:conf_proc_unknown:1',
          'dead:conf_proc_unknown:1',
        ].sort(),
      );
      expect(h.processor.events.every((event) => event.queue === 'conf-proc')).toBe(true);
      expect(h.processor.events.find((event) => event.type === 'completed' && event.name === 'conf_proc_double')?.result).toBe(42);
      expect(h.processor.events.find((event) => event.type === 'dead' && event.name === 'conf_proc_fail')?.error).toContain('failing 2');
    });

    check('per-queue concurrency: the processor queue runs 2 at a time while the module allows 10', async () => {
      const h = await createHarness();
      const handles = await h.queue.enqueueMany(
        Array.from({ length: 6 }, () => ({ name: 'conf_proc_slow', payload: { n: unit }, options: { queue: 'conf-proc' } })),
      );
      await h.worker.start();
      await clock.eventually(
        async () => (await Promise.all(handles.map((handle) => h.queue.getTask(handle)))).every((task) => task?.status === 'completed'),
        200 * unit,
        'slow tasks done',
      );
      expect(h.processor.peak).toBe(2);
    });

    check('rate limit: at most `max` task starts per `durationMs` on a queue', async () => {
      const h = await createHarness();
      const window = 4 * unit;
      h.registry.setQueueOptions('conf-rate', { rateLimit: { max: 2, durationMs: window } });
      const starts: number[] = [];
      h.registry.register('conf_rated', () => void starts.push(Date.now()), { queue: 'conf-rate' });
      await h.queue.enqueueMany(Array.from({ length: 6 }, (_, i) => ({ name: 'conf_rated', payload: { i } })));
      const began = Date.now();
      await h.worker.start();
      await clock.eventually(() => starts.length === 6, 200 * unit, 'six starts');
      starts.sort((a, b) => a - b);
      // Sliding window: the (i+2)-th start is at least one window after the i-th (a little slack for real clocks).
      const slack = clock.mode === 'fake' ? 0 : unit / 5;
      for (let i = 0; i + 2 < starts.length; i++) expect(starts[i + 2] - starts[i]).toBeGreaterThanOrEqual(window - slack);
      expect(starts[5] - began).toBeGreaterThanOrEqual(2 * window - slack);
    });

    check('ctx.progress(42) is readable through getTask while the task runs and after it completed', async () => {
      const h = await createHarness();
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      let reported = false;
      h.registry.register('conf_progress', async (_payload: unknown, ctx: TaskContext) => {
        await ctx.progress(42);
        reported = true;
        await gate;
        await ctx.progress({ done: 3, of: 3 });
        return 'ok';
      });
      const handle = await h.queue.enqueue('conf_progress', {});
      expect((await h.queue.getTask(handle))?.progress).toBeUndefined();
      await h.worker.start();
      await clock.eventually(() => reported, 200 * unit, 'progress reported');
      expect(await h.queue.getTask(handle)).toMatchObject({ status: 'active', progress: 42 });
      release();
      await clock.eventually(async () => (await h.queue.getTask(handle))?.status === 'completed', 200 * unit, 'completed');
      expect((await h.queue.getTask(handle))?.progress).toEqual({ done: 3, of: 3 });
    });
  });
}
