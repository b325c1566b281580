import { CronJob } from 'cron';
import type {
  ConsumeOptions,
  ConsumerStopReport,
  QueueBackend,
  QueueBackendOptions,
  QueueConsumer,
  ScheduleSpec,
  ScheduleTick,
  TaskHandlerFn,
  TaskOutcome,
} from '../../interfaces/queue-backend.interface';
import type { EnqueueRequest, JsonValue, TaskRecord, TaskStatus } from '../../interfaces/task.interface';
import { DuplicateTaskIdError } from '../../errors/duplicate-task-id.error';
import { QueueBackendClosedError } from '../../errors/queue-backend-closed.error';
import { WorkerStoppedError } from '../../errors/worker-stopped.error';
import { computeBackoffDelay } from '@acb/common';
import { errorMessage } from '../../utils/error-message';
import { compareForListing } from '../../utils/listing-order';
import { PriorityHeap } from './priority-heap';

/** setTimeout cannot wait longer than this; longer delays re-arm. */
const MAX_TIMER_MS = 2_147_483_647;
/** `done` of a run before its handler was called. */
const SETTLED: Promise<void> = Promise.resolve();
/** Completed and cancelled records kept per queue (for getTask and jobId dedupe) before the oldest are dropped. */
const DEFAULT_MAX_FINISHED = 10_000;

interface ActiveRun {
  readonly controller: AbortController;
  readonly done: Promise<void>;
}

interface StoredTask {
  /** `payload` and `result` live as JSON text below: a fresh copy per read, no shared mutable object. */
  record: TaskRecord;
  payloadJson: string;
  resultJson?: string;
  /** Order among ready tasks of one priority. */
  seq: number;
  timer?: NodeJS.Timeout;
  run?: ActiveRun;
}

interface QueueState {
  readonly records: Map<string, StoredTask>;
  readonly ready: PriorityHeap;
  readonly consumers: Set<MemoryConsumer>;
  /** Ids of completed/cancelled tasks, oldest first from `finishedHead` (retention). */
  finished: string[];
  finishedHead: number;
}

/** What drives a memory schedule: a cron CronJob, or the timer of a fixed interval. */
export type ScheduleTimer = { kind: 'cron'; job: CronJob } | { kind: 'interval'; timer: NodeJS.Timeout };

/** Told when a memory schedule starts and when it is removed (`MemoryQueueBackend.observeSchedules`). */
export interface MemoryScheduleObserver {
  added(name: string, timer: ScheduleTimer): void;
  removed(name: string, timer: ScheduleTimer): void;
}

/**
 * The in-process backend: a priority heap of ready tasks, unref'd timers for delays and retries, CronJob ticks.
 * No dependency, nothing persisted: everything is lost when the process ends. Works under jest fake timers.
 *
 * Extra options (`backendOptions`): `maxFinished` (number, default 10000) completed/cancelled records kept per queue.
 */
export class MemoryQueueBackend implements QueueBackend {
  readonly name = 'memory';
  private readonly queues = new Map<string, QueueState>();
  private readonly schedules = new Map<string, { stop(): void; timer: ScheduleTimer }>();
  private readonly scheduleObservers = new Set<MemoryScheduleObserver>();
  private readonly maxFinished: number;
  private seq = 0;
  private closed = false;

  constructor(private readonly options: QueueBackendOptions) {
    const max = options.extra?.maxFinished;
    this.maxFinished = typeof max === 'number' && max >= 0 ? max : DEFAULT_MAX_FINISHED;
  }

  async connect(): Promise<void> {
    for (const queue of this.options.queues) this.state(queue);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const schedule of this.schedules.values()) schedule.stop();
    this.schedules.clear();
    for (const state of this.queues.values()) {
      await Promise.all([...state.consumers].map((consumer) => consumer.stop(0)));
      for (const stored of state.records.values()) this.clearTimer(stored);
    }
  }

  async ping(): Promise<void> {
    this.assertOpen();
  }

  async enqueue(request: EnqueueRequest): Promise<{ id: string; deduplicated: boolean }> {
    this.assertOpen();
    const state = this.state(request.queue);
    if (state.records.has(request.id)) {
      if (request.deduplicate) return { id: request.id, deduplicated: true };
      throw new DuplicateTaskIdError(request.id, request.queue);
    }
    const now = Date.now();
    const delayMs = Math.max(0, request.delayMs);
    const record: TaskRecord = {
      id: request.id,
      name: request.name,
      queue: request.queue,
      payload: null,
      priority: request.priority,
      status: delayMs > 0 ? 'delayed' : 'pending',
      attempts: 0,
      maxRetries: request.maxRetries,
      backoff: request.backoff,
      timeoutMs: request.timeoutMs,
      createdAt: now,
      runAt: now + delayMs,
    };
    const stored: StoredTask = { record, payloadJson: JSON.stringify(request.payload), seq: ++this.seq };
    state.records.set(record.id, stored);
    if (delayMs > 0) this.arm(state, stored, delayMs);
    else this.makeReady(state, stored, false);
    return { id: record.id, deduplicated: false };
  }

  async updateProgress(queue: string, id: string, progress: JsonValue): Promise<void> {
    const stored = this.queues.get(queue)?.records.get(id);
    if (stored) stored.record.progress = progress;
  }

  async getTask(queue: string, id: string): Promise<TaskRecord | undefined> {
    const stored = this.queues.get(queue)?.records.get(id);
    return stored ? view(stored) : undefined;
  }

  async listTasks(queue: string, statuses: readonly TaskStatus[], limit = 1000): Promise<TaskRecord[]> {
    const state = this.queues.get(queue);
    if (!state) return [];
    const wanted = new Set(statuses);
    const matching = [...state.records.values()].filter((stored) => wanted.has(stored.record.status));
    matching.sort(compareForListing);
    return matching.slice(0, limit).map(view);
  }

  async cancel(queue: string, id: string): Promise<boolean> {
    const state = this.queues.get(queue);
    const stored = state?.records.get(id);
    if (!state || !stored) return false;
    const status = stored.record.status;
    if (status !== 'pending' && status !== 'delayed' && status !== 'failed') return false;
    this.clearTimer(stored);
    stored.record.status = 'cancelled';
    stored.record.finishedAt = Date.now();
    this.finish(state, stored);
    return true;
  }

  async retryDead(queue: string, id: string): Promise<boolean> {
    const state = this.queues.get(queue);
    const stored = state?.records.get(id);
    if (!state || !stored || stored.record.status !== 'dead') return false;
    stored.record.attempts = 0;
    stored.record.finishedAt = undefined;
    stored.record.runAt = Date.now();
    this.makeReady(state, stored, true);
    return true;
  }

  async retryAllDead(queue: string): Promise<number> {
    const dead = await this.listTasks(queue, ['dead'], Number.MAX_SAFE_INTEGER);
    let count = 0;
    // Oldest first, so retried tasks keep their original order among themselves.
    for (const record of dead.reverse()) if (await this.retryDead(queue, record.id)) count++;
    return count;
  }

  async purgeDead(queue: string): Promise<number> {
    const state = this.queues.get(queue);
    if (!state) return 0;
    let count = 0;
    for (const [id, stored] of state.records) {
      if (stored.record.status === 'dead') {
        state.records.delete(id);
        count++;
      }
    }
    return count;
  }

  async obliterate(queue: string): Promise<void> {
    const state = this.queues.get(queue);
    if (!state) return;
    for (const stored of state.records.values()) {
      this.clearTimer(stored);
      stored.run = undefined;
    }
    state.records.clear();
    state.ready.filter(() => false);
    state.finished = [];
    state.finishedHead = 0;
  }

  async consume(queue: string, options: ConsumeOptions, handler: TaskHandlerFn): Promise<QueueConsumer> {
    this.assertOpen();
    const state = this.state(queue);
    const consumer = new MemoryConsumer(this, state, Math.max(1, Math.floor(options.concurrency)), handler);
    state.consumers.add(consumer);
    consumer.pump();
    return consumer;
  }

  async runNext(queue: string, handler: TaskHandlerFn): Promise<boolean> {
    this.assertOpen();
    const state = this.queues.get(queue);
    if (!state) return false;
    const stored = this.take(state);
    if (!stored) return false;
    await this.start(state, stored, handler, new AbortController()).done;
    return true;
  }

  async schedule(spec: ScheduleSpec, onTick: (tick: ScheduleTick) => Promise<void>): Promise<void> {
    this.assertOpen();
    await this.unschedule(spec.name);
    const fire = (): void => {
      void onTick({ name: spec.name, firedAt: Date.now() });
    };
    let schedule: { stop(): void; timer: ScheduleTimer };
    if (spec.cron !== undefined) {
      const job = CronJob.from({
        cronTime: spec.cron,
        onTick: fire,
        start: true,
        timeZone: spec.timeZone ?? null,
        unrefTimeout: true,
      });
      schedule = { stop: () => void job.stop(), timer: { kind: 'cron', job } };
    } else {
      const timer = setInterval(fire, Math.max(1, spec.everyMs ?? 0));
      timer.unref();
      schedule = { stop: () => clearInterval(timer), timer: { kind: 'interval', timer } };
    }
    this.schedules.set(spec.name, schedule);
    for (const observer of this.scheduleObservers) observer.added(spec.name, schedule.timer);
  }

  async unschedule(name: string): Promise<void> {
    const schedule = this.schedules.get(name);
    if (!schedule) return;
    schedule.stop();
    this.schedules.delete(name);
    for (const observer of this.scheduleObservers) observer.removed(name, schedule.timer);
  }

  /**
   * Sees every schedule this backend starts (with the CronJob or interval timer that drives it) and removes; the
   * @nestjs/schedule SchedulerRegistry bridge uses it. Returns a function that stops observing.
   */
  observeSchedules(observer: MemoryScheduleObserver): () => void {
    this.scheduleObservers.add(observer);
    return () => this.scheduleObservers.delete(observer);
  }

  // --- internals shared with MemoryConsumer -------------------------------------------------------------------

  /** Pops the best ready task, skipping entries made stale by cancel/obliterate. */
  take(state: QueueState): StoredTask | undefined {
    for (;;) {
      const entry = state.ready.pop();
      if (!entry) return undefined;
      const stored = state.records.get(entry.id);
      if (stored && stored.record.status === 'pending' && stored.seq === entry.seq) return stored;
    }
  }

  /** Marks the task active, counts the attempt and runs the handler; the outcome is applied when it settles. */
  start(
    state: QueueState,
    stored: StoredTask,
    handler: TaskHandlerFn,
    controller: AbortController,
    onSettled?: () => void,
  ): ActiveRun {
    const record = stored.record;
    record.status = 'active';
    record.attempts += 1;
    record.startedAt = Date.now();
    // NOTE: the handler only needs its own payload copy; the rest of the record is read, never written, by the worker.
    const snapshot: TaskRecord = { ...record, payload: JSON.parse(stored.payloadJson) };
    const run: { controller: AbortController; done: Promise<void> } = { controller, done: SETTLED };
    stored.run = run;
    const settle = (outcome: TaskOutcome): void => {
      try {
        // The run may have been returned to the queue (stop timed out) or removed (obliterate): ignore it then.
        if (stored.run === run && state.records.get(record.id) === stored) this.apply(state, stored, outcome);
      } finally {
        onSettled?.();
      }
    };
    // NOTE: a `then` on the handler's promise rather than an async function: one promise per run, not three.
    let running: Promise<TaskOutcome>;
    try {
      running = handler(snapshot, controller.signal);
    } catch (error) {
      running = Promise.reject(error);
    }
    run.done = running.then(settle, (error: unknown) => settle({ status: 'failed', error: errorMessage(error), retryable: true }));
    return run;
  }

  /** Puts an unfinished active task back, due now, in its old place; the interrupted attempt is not counted. */
  returnToQueue(state: QueueState, stored: StoredTask): void {
    if (stored.record.status !== 'active') return;
    stored.run = undefined;
    stored.record.attempts = Math.max(0, stored.record.attempts - 1);
    stored.record.startedAt = undefined;
    this.makeReady(state, stored, false);
  }

  private apply(state: QueueState, stored: StoredTask, outcome: TaskOutcome): void {
    const record = stored.record;
    stored.run = undefined;
    if (outcome.status === 'interrupted') {
      this.returnToQueue(state, stored);
      return;
    }
    if (outcome.status === 'completed') {
      record.status = 'completed';
      stored.resultJson = outcome.result === undefined ? undefined : JSON.stringify(outcome.result);
      record.error = undefined;
      record.finishedAt = Date.now();
      this.finish(state, stored);
      return;
    }
    record.error = outcome.error;
    if (!outcome.retryable || record.attempts > record.maxRetries) {
      record.status = 'dead';
      record.finishedAt = Date.now();
      return;
    }
    const delay = computeBackoffDelay(record.backoff, record.attempts);
    record.status = 'failed';
    record.runAt = Date.now() + delay;
    if (delay > 0) this.arm(state, stored, delay);
    else this.makeReady(state, stored, true);
  }

  private makeReady(state: QueueState, stored: StoredTask, newTurn: boolean): void {
    this.clearTimer(stored);
    if (newTurn) stored.seq = ++this.seq;
    stored.record.status = 'pending';
    state.ready.push({ id: stored.record.id, priority: stored.record.priority, seq: stored.seq });
    for (const consumer of state.consumers) consumer.schedulePump();
  }

  /** Arms the timer that makes a delayed or failed task due. */
  private arm(state: QueueState, stored: StoredTask, delayMs: number): void {
    this.clearTimer(stored);
    const wait = Math.min(delayMs, MAX_TIMER_MS);
    stored.timer = setTimeout(() => {
      stored.timer = undefined;
      if (state.records.get(stored.record.id) !== stored) return;
      const remaining = stored.record.runAt - Date.now();
      if (remaining > 0 && wait === MAX_TIMER_MS) this.arm(state, stored, remaining);
      else this.makeReady(state, stored, true);
    }, wait);
    stored.timer.unref();
  }

  private clearTimer(stored: StoredTask): void {
    if (stored.timer) clearTimeout(stored.timer);
    stored.timer = undefined;
  }

  private finish(state: QueueState, stored: StoredTask): void {
    state.finished.push(stored.record.id);
    while (state.finished.length - state.finishedHead > this.maxFinished) {
      const id = state.finished[state.finishedHead++];
      const old = state.records.get(id);
      if (old && (old.record.status === 'completed' || old.record.status === 'cancelled')) state.records.delete(id);
    }
    // NOTE: compact now and then instead of Array.shift() per task, which is O(n) on a long list.
    if (state.finishedHead > 1024 && state.finishedHead * 2 > state.finished.length) {
      state.finished = state.finished.slice(state.finishedHead);
      state.finishedHead = 0;
    }
  }

  private state(queue: string): QueueState {
    let state = this.queues.get(queue);
    if (!state) {
      state = { records: new Map(), ready: new PriorityHeap(), consumers: new Set(), finished: [], finishedHead: 0 };
      this.queues.set(queue, state);
    }
    return state;
  }

  removeConsumer(state: QueueState, consumer: MemoryConsumer): void {
    state.consumers.delete(consumer);
  }

  private assertOpen(): void {
    if (this.closed) throw new QueueBackendClosedError(this.name);
  }
}

/** The record as callers see it: a copy, payload and result parsed from their JSON text. */
function view(stored: StoredTask): TaskRecord {
  const record: TaskRecord = { ...stored.record, payload: JSON.parse(stored.payloadJson), backoff: { ...stored.record.backoff } };
  if (stored.resultJson !== undefined) record.result = JSON.parse(stored.resultJson);
  if (record.progress !== undefined && typeof record.progress === 'object') record.progress = structuredClone(record.progress);
  return record;
}


/** One `consume()` call: keeps up to `concurrency` tasks of its queue running. */
class MemoryConsumer implements QueueConsumer {
  private readonly active = new Map<StoredTask, ActiveRun>();
  /** One signal for every task of this consumer: aborted when a graceful stop gives up on what is still running. */
  private readonly controller = new AbortController();
  private stopping = false;
  private pumpScheduled = false;
  private stopped?: Promise<ConsumerStopReport>;

  constructor(
    private readonly backend: MemoryQueueBackend,
    private readonly state: QueueState,
    private readonly concurrency: number,
    private readonly handler: TaskHandlerFn,
  ) {}

  get activeCount(): number {
    return this.active.size;
  }

  /** Pumps on a microtask: the enqueuer's call stack returns first, and bursts of enqueues coalesce. */
  schedulePump(): void {
    if (this.pumpScheduled || this.stopping) return;
    this.pumpScheduled = true;
    queueMicrotask(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  pump(): void {
    while (!this.stopping && this.active.size < this.concurrency) {
      const stored = this.backend.take(this.state);
      if (!stored) return;
      const run = this.backend.start(this.state, stored, this.handler, this.controller, () => {
        if (this.active.get(stored) === run) this.active.delete(stored);
        this.pump();
      });
      this.active.set(stored, run);
    }
  }

  stop(timeoutMs: number): Promise<ConsumerStopReport> {
    this.stopped ??= this.doStop(timeoutMs);
    return this.stopped;
  }

  private async doStop(timeoutMs: number): Promise<ConsumerStopReport> {
    this.stopping = true;
    const running = [...this.active.entries()];
    let finished = 0;
    if (running.length > 0 && timeoutMs > 0) {
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, timeoutMs);
      });
      await Promise.race([Promise.all(running.map(([, run]) => run.done)), timedOut]);
      clearTimeout(timer);
    }
    let returned = 0;
    if (running.some(([stored, run]) => stored.run === run)) this.controller.abort(new WorkerStoppedError());
    for (const [stored, run] of running) {
      if (stored.run !== run) {
        finished++;
        continue;
      }
      this.backend.returnToQueue(this.state, stored);
      returned++;
    }
    this.active.clear();
    this.backend.removeConsumer(this.state, this);
    return { finished, returned };
  }
}
