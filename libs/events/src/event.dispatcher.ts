import { AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { computeBackoffDelay } from '@acb/common';
import { AcbContext } from '@acb/logger';
import { ACB_DEAD_LETTER_BACKEND, ACB_EVENTS_RESOLVED_OPTIONS, EVENT_FAILED, VIA_QUEUE_TASK_PREFIX } from './events.constants';
import { EventsMessages } from './events.messages';
import { EventHandlerTimeoutError } from './errors/event-handler-timeout.error';
import type { DeadLetterBackend } from './dead-letters/dead-letter-backend.interface';
import type { DeadLetter } from './interfaces/dead-letter.interface';
import type { HandlerOutcome, HandlerStatus } from './interfaces/emit-report.interface';
import type { EventEnvelope } from './interfaces/event-envelope.interface';
import type { ResolvedEventsOptions } from './interfaces/events-module-options.interface';
import type { EventHandlerRecord } from './event-handler.registry';
import { EventHandlerRegistry } from './event-handler.registry';
import { DeadlineQueue, type DeadlineEntry } from './utils/deadline-queue';
import { toErrorInfo } from './utils/error-info';
import { PrioritySemaphore, type WaitingGroup } from './utils/semaphore';

type DeadLetterListener = (deadLetter: DeadLetter) => void;
/** `failed` false: the attempt succeeded; true: it threw, rejected or timed out with `error`. */
type AttemptCallback = (failed: boolean, error?: unknown) => void;

/**
 * Runs one handler for one event: filter, bounded concurrency, timeout, retries with backoff, dead letter.
 * `deliver`/`dispatch` never reject or throw — every failure becomes a `HandlerOutcome` — so no handler error
 * can reach the process.
 *
 * NOTE: the first attempt is callback-driven on purpose: every promise costs an async-hooks callback once
 * AsyncLocalStorage is active, and this path runs per handler per event (see the README's benchmark). Per emit it
 * allocates one `Delivery` (outcomes, line entry, context), per async handler one `PendingAttempt` (its deadline
 * entry and promise callbacks); handlers that wait for a slot share one line entry and one `AsyncResource` per
 * emit. Retries, filters and `viaQueue` take the promise-based path (`deliverSlowly`, `retryAfter`).
 */
@Injectable()
export class EventDispatcher implements OnApplicationShutdown {
  private readonly logger = new Logger('AcbEvents');
  private readonly semaphore: PrioritySemaphore;
  private readonly deadlines = new Map<number, DeadlineQueue>();
  private readonly deadLetterListeners = new Set<DeadLetterListener>();
  private inFlight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(
    @Inject(ACB_EVENTS_RESOLVED_OPTIONS) private readonly options: ResolvedEventsOptions,
    @Inject(ACB_DEAD_LETTER_BACKEND) private readonly deadLetters: DeadLetterBackend,
    registry: EventHandlerRegistry,
  ) {
    this.semaphore = new PrioritySemaphore(options.concurrency);
    const bridge = options.queueBridge;
    if (bridge) {
      registry.onChange((record, change) => {
        if (change !== 'added' || !record.viaQueue) return;
        void Promise.resolve(
          bridge.register(viaQueueTaskName(options.appName, record), (event) => this.runQueued(record, event), {
            maxRetries: record.maxRetries,
            timeoutMs: record.timeoutMs,
          }),
        ).catch((error: unknown) => this.logger.error(EventsMessages.dispatchCrashed(toErrorInfo(error).message)));
      });
    }
  }

  /** Delivers `event` to one handler; resolves with its outcome, never rejects. */
  deliver(record: EventHandlerRecord, event: EventEnvelope): Promise<HandlerOutcome> {
    const nested = isInsideHandler();
    return new Promise((resolve) => this.dispatch([record], event, (outcomes) => resolve(outcomes[0]), nested));
  }

  /**
   * Delivers `event` to every record, each on its own, inside the event's logging context; calls `done` once
   * with the outcomes in `records` order (never throws). `done` undefined: nobody reads the outcomes
   * (`{ wait: false }`), so none are built. `nested`: the emit happened inside another event's handler, whose
   * slot its handlers share (so a handler that emits and waits cannot deadlock the bound).
   */
  dispatch(
    records: readonly EventHandlerRecord[],
    event: EventEnvelope,
    done: ((outcomes: HandlerOutcome[]) => void) | undefined,
    nested: boolean,
  ): void {
    if (records.length === 0) {
      done?.([]);
      return;
    }
    const delivery = new Delivery(this, records, event, nested, done);
    this.inFlight += records.length;
    AcbContext.run({ eventId: event.id, correlationId: event.correlationId }, () => this.start(delivery));
  }

  /** Starts (or puts in line) every handler of `delivery`; runs in the event's context. */
  private start(delivery: Delivery): void {
    const { records, event, nested } = delivery;
    let waitingPriority: number | undefined;
    for (let index = 0; index < records.length; index += 1) {
      const record = records[index];
      if (record.filter || record.viaQueue) {
        this.deliverSlowly(record, event, nested).then(
          (outcome) => delivery.settle(index, outcome),
          (error: unknown) => delivery.settle(index, this.crashed(record, error)),
        );
        continue;
      }
      if (waitingPriority === undefined) {
        if (nested || this.semaphore.tryAcquire()) {
          this.firstAttempt(delivery, index);
          continue;
        }
        // Every slot is taken: the rest of this emit's handlers wait, one line entry per priority (records are
        // sorted by priority), brought back into this emit's async context when a slot is handed to them.
        delivery.scope = new AsyncResource('AcbEventDelivery');
      } else if (record.priority === waitingPriority) {
        continue;
      }
      waitingPriority = record.priority;
      this.semaphore.waitGroup(record.priority, delivery, index);
    }
  }

  /**
   * Attempt 1 of `delivery.records[index]` with a slot held (or the parent handler's), in the event's context:
   * nothing is allocated for a handler that settles synchronously; an async one costs one `PendingAttempt`.
   */
  firstAttempt(delivery: Delivery, index: number): void {
    const record = delivery.records[index];
    const event = delivery.event;
    let result: unknown;
    try {
      result = record.fn(event.payload, event);
    } catch (error) {
      this.firstAttemptFailed(delivery, index, error);
      return;
    }
    if (!isThenable(result)) {
      if (!delivery.nested) this.semaphore.release();
      delivery.succeeded(index);
      return;
    }
    const deadlines = record.timeoutMs > 0 ? this.deadlineQueue(record.timeoutMs) : undefined;
    const attempt = new PendingAttempt(this, delivery, index, deadlines);
    deadlines?.push(attempt);
    result.then(
      () => attempt.settle(false, undefined),
      (error: unknown) => attempt.settle(true, error),
    );
  }

  /** Called by `PendingAttempt`, once, when attempt 1 settled: succeeded, or failed (a throw, a rejection, its timeout). */
  attemptSettled(delivery: Delivery, index: number, failed: boolean, error: unknown): void {
    if (failed) {
      this.firstAttemptFailed(delivery, index, error);
      return;
    }
    if (!delivery.nested) this.semaphore.release();
    delivery.succeeded(index);
  }

  private firstAttemptFailed(delivery: Delivery, index: number, error: unknown): void {
    if (!delivery.nested) this.semaphore.release();
    const record = delivery.records[index];
    this.retryAfter(record, delivery.event, 1, error, delivery.nested).then(
      (outcome) => delivery.settle(index, outcome),
      (crash: unknown) => delivery.settle(index, this.crashed(record, crash)),
    );
  }

  /** Called by `Delivery` when one of its handlers settled (retries included). */
  delivered(): void {
    this.inFlight -= 1;
    if (this.inFlight === 0 && this.idleWaiters.length > 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const wake of waiters) wake();
    }
  }

  /** Resolves once no delivery is in flight in this application (retries and `acb.event.failed` included). */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /**
   * Waits up to `timeoutMs` for every delivery to settle (shutdown). Resolves true when idle, false when time ran
   * out (the rest is abandoned and logged).
   */
  async drain(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timedOut = new Promise<false>((resolve) => {
      timer = setTimeout(() => resolve(false), timeoutMs);
    });
    const drained = await Promise.race([this.idle().then(() => true as const), timedOut]);
    clearTimeout(timer);
    if (!drained) this.logger.warn(EventsMessages.shutdownAbandoned(this.inFlight, timeoutMs));
    return drained;
  }

  /** Deliveries in flight right now. */
  get pending(): number {
    return this.inFlight;
  }

  /** Called after every dead letter is stored (the publisher turns it into `acb.event.failed`). */
  onDeadLetter(listener: DeadLetterListener): () => void {
    this.deadLetterListeners.add(listener);
    return () => this.deadLetterListeners.delete(listener);
  }

  /**
   * One attempt of a `viaQueue` handler inside a queue task: throws on failure so the queue applies its
   * retries and dead letters.
   */
  async runQueued(record: EventHandlerRecord, event: EventEnvelope): Promise<void> {
    const nested = isInsideHandler();
    const { failed, error } = await this.attemptWithSlot(record, event, nested);
    if (failed) throw error;
  }

  /** Dead-letters without running the handler (e.g. a Redis entry whose consumers kept crashing). */
  deadLetter(record: EventHandlerRecord, event: EventEnvelope, error: unknown, attempts: number): Promise<HandlerOutcome> {
    this.inFlight += 1;
    return this.fail(record, event, error, attempts, 'failed').finally(() => {
      this.inFlight -= 1;
      if (this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
    });
  }

  onApplicationShutdown(): void {
    for (const queue of this.deadlines.values()) queue.clear();
    this.deadlines.clear();
  }

  private async deliverSlowly(record: EventHandlerRecord, event: EventEnvelope, nested: boolean): Promise<HandlerOutcome> {
    if (record.filter) {
      let accepted: boolean;
      try {
        accepted = record.filter(event);
      } catch (error) {
        this.logger.warn(EventsMessages.filterThrew(record.name, toErrorInfo(error).message));
        return this.fail(record, event, error, 1, 'failed');
      }
      if (!accepted) return { handler: record.name, status: 'filtered', attempts: 0 };
    }
    if (record.viaQueue) return this.enqueue(record, event);
    const first = await this.attemptWithSlot(record, event, nested);
    if (!first.failed) return { handler: record.name, status: 'succeeded', attempts: 1 };
    return this.retryAfter(record, event, 1, first.error, nested);
  }

  /** Continues after attempt `failedAttempt` failed: backoff, further attempts, dead letter after the last. */
  private async retryAfter(
    record: EventHandlerRecord,
    event: EventEnvelope,
    failedAttempt: number,
    firstError: unknown,
    nested: boolean,
  ): Promise<HandlerOutcome> {
    const maxAttempts = record.maxRetries + 1;
    let error = firstError;
    for (let attempt = failedAttempt; ; attempt += 1) {
      const status: HandlerStatus = error instanceof EventHandlerTimeoutError ? 'timed_out' : 'failed';
      if (attempt >= maxAttempts) return this.fail(record, { ...event, attempt }, error, attempt, status);
      this.logger.warn(EventsMessages.handlerFailed(record.name, event.name, attempt, maxAttempts, toErrorInfo(error).message));
      await sleep(computeBackoffDelay(this.options.backoff, attempt));
      const result = await this.attemptWithSlot(record, { ...event, attempt: attempt + 1 }, nested);
      if (!result.failed) return { handler: record.name, status: 'succeeded', attempts: attempt + 1 };
      error = result.error;
    }
  }

  private async attemptWithSlot(
    record: EventHandlerRecord,
    event: EventEnvelope,
    nested: boolean,
  ): Promise<{ failed: boolean; error?: unknown }> {
    if (!nested && !this.semaphore.tryAcquire()) await this.semaphore.acquire(record.priority);
    return new Promise((resolve) =>
      this.runAttempt(record, event, (failed, error) => {
        if (!nested) this.semaphore.release();
        resolve({ failed, error });
      }),
    );
  }

  /** Calls the handler inside the event's logging context, with its timeout; calls back exactly once. */
  private runAttempt(record: EventHandlerRecord, event: EventEnvelope, callback: AttemptCallback): void {
    let result: unknown;
    try {
      // The transport may already run us in this event's context (one AcbContext.run per event, not per handler).
      result =
        AcbContext.get('eventId') === event.id
          ? record.fn(event.payload, event)
          : AcbContext.run({ eventId: event.id, correlationId: event.correlationId }, () => record.fn(event.payload, event));
    } catch (error) {
      callback(true, error);
      return;
    }
    if (!isThenable(result)) {
      callback(false);
      return;
    }
    let settled = false;
    const timeoutMs = record.timeoutMs;
    const deadline =
      timeoutMs > 0
        ? this.deadlineQueue(timeoutMs).add(() => {
            if (settled) return;
            settled = true;
            callback(true, new EventHandlerTimeoutError(record.name, timeoutMs));
          })
        : undefined;
    result.then(
      () => {
        if (settled) return;
        settled = true;
        deadline?.cancel();
        callback(false);
      },
      (error: unknown) => {
        if (settled) return;
        settled = true;
        deadline?.cancel();
        callback(true, error);
      },
    );
  }

  private deadlineQueue(timeoutMs: number): DeadlineQueue {
    let queue = this.deadlines.get(timeoutMs);
    if (!queue) {
      queue = new DeadlineQueue(timeoutMs);
      this.deadlines.set(timeoutMs, queue);
    }
    return queue;
  }

  private async enqueue(record: EventHandlerRecord, event: EventEnvelope): Promise<HandlerOutcome> {
    const bridge = this.options.queueBridge;
    try {
      if (!bridge) throw new Error(EventsMessages.viaQueueUnavailable(record.name));
      await bridge.enqueue(viaQueueTaskName(this.options.appName, record), event, { priority: record.priority });
      return { handler: record.name, status: 'queued', attempts: 0 };
    } catch (error) {
      return this.fail(record, event, error, 0, 'failed');
    }
  }

  private crashed(record: EventHandlerRecord, error: unknown): HandlerOutcome {
    this.logger.error(EventsMessages.dispatchCrashed(toErrorInfo(error).message));
    return { handler: record.name, status: 'failed', attempts: 0, error: toErrorInfo(error) };
  }

  private async fail(
    record: EventHandlerRecord,
    event: EventEnvelope,
    error: unknown,
    attempts: number,
    status: HandlerStatus,
  ): Promise<HandlerOutcome> {
    const info = toErrorInfo(error);
    this.logger.error(EventsMessages.deadLettered(record.name, event.name, attempts, info.message));
    const deadLetter: DeadLetter = {
      id: randomUUID(),
      event,
      handler: record.name,
      error: info,
      attempts,
      failedAt: new Date().toISOString(),
    };
    try {
      await this.deadLetters.add(deadLetter);
    } catch (storeError) {
      this.logger.error(EventsMessages.dispatchCrashed(toErrorInfo(storeError).message));
      return { handler: record.name, status, attempts, error: info };
    }
    if (event.name !== EVENT_FAILED) {
      for (const listener of this.deadLetterListeners) {
        try {
          listener(deadLetter);
        } catch (listenerError) {
          this.logger.error(EventsMessages.failedEventFailed(toErrorInfo(listenerError).message));
        }
      }
    }
    return { handler: record.name, status, attempts, error: info, deadLetterId: deadLetter.id };
  }
}

/**
 * One emit's delivery to its matching handlers (the local transport's hot path): the outcomes, the count still
 * running, and the line entry its handlers wait in when every slot is taken (one entry per priority, not one per
 * handler; one `AsyncResource` per waiting emit, not per handler).
 */
class Delivery implements WaitingGroup {
  /** The emit's async context, captured when its handlers had to wait for a slot. */
  scope?: AsyncResource;
  private readonly outcomes: HandlerOutcome[] | undefined;
  private left: number;

  constructor(
    private readonly dispatcher: EventDispatcher,
    readonly records: readonly EventHandlerRecord[],
    readonly event: EventEnvelope,
    readonly nested: boolean,
    private readonly done: ((outcomes: HandlerOutcome[]) => void) | undefined,
  ) {
    this.left = records.length;
    this.outcomes = done ? new Array<HandlerOutcome>(records.length) : undefined;
  }

  nextAfter(index: number): number {
    const records = this.records;
    const priority = records[index].priority;
    for (let next = index + 1; next < records.length && records[next].priority === priority; next += 1) {
      if (!records[next].filter && !records[next].viaQueue) return next;
    }
    return -1;
  }

  grant(index: number): void {
    (this.scope as AsyncResource).runInAsyncScope(this.dispatcher.firstAttempt, this.dispatcher, this, index);
  }

  succeeded(index: number): void {
    this.settle(index, this.outcomes ? { handler: this.records[index].name, status: 'succeeded', attempts: 1 } : undefined);
  }

  /** Records the outcome of handler `index` (its last attempt settled); the last one calls `done`. */
  settle(index: number, outcome: HandlerOutcome | undefined): void {
    if (this.outcomes) this.outcomes[index] = outcome as HandlerOutcome;
    this.dispatcher.delivered();
    this.left -= 1;
    if (this.left === 0 && this.done) this.done(this.outcomes as HandlerOutcome[]);
  }
}

/** Attempt 1 of one handler, running: its deadline entry and the state its promise callbacks share. */
class PendingAttempt implements DeadlineEntry {
  at = 0;
  live = true;
  /** The emit's context (with a deadline only): the shared deadline timer fires in another one. */
  private readonly context: ReturnType<typeof AcbContext.snapshot>;

  constructor(
    private readonly dispatcher: EventDispatcher,
    private readonly delivery: Delivery,
    private readonly index: number,
    private readonly deadlines: DeadlineQueue | undefined,
  ) {
    this.context = deadlines ? AcbContext.snapshot() : undefined;
  }

  /** The handler's promise settled. */
  settle(failed: boolean, error: unknown): void {
    if (!this.live) return; // it timed out before
    this.live = false;
    this.deadlines?.trim();
    this.dispatcher.attemptSettled(this.delivery, this.index, failed, error);
  }

  /** Its deadline passed first (the queue already set `live` false): abandoned, reported as a timeout. */
  expire(): void {
    const record = this.delivery.records[this.index];
    // NOTE: the retries and the dead letter that follow run in this emit's context, not the timer's.
    AcbContext.restore(this.context, () =>
      this.dispatcher.attemptSettled(this.delivery, this.index, true, new EventHandlerTimeoutError(record.name, record.timeoutMs)),
    );
  }
}

/** The queue task name of a `viaQueue` handler: `acb.event:<appName>:<handlerName>`. */
export function viaQueueTaskName(appName: string, record: EventHandlerRecord): string {
  return `${VIA_QUEUE_TASK_PREFIX}:${appName}:${record.name}`;
}

/**
 * Whether the caller runs inside an event handler (its context carries an event id). Nested deliveries reuse
 * the parent's concurrency slot: a handler that emits and waits must not deadlock the bound.
 */
export function isInsideHandler(): boolean {
  return AcbContext.get('eventId') !== undefined;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
