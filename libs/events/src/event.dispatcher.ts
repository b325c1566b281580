import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
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
import { backoffDelay } from './utils/backoff';
import { toErrorInfo } from './utils/error-info';
import { PrioritySemaphore } from './utils/semaphore';

type DeadLetterListener = (deadLetter: DeadLetter) => void;

/**
 * Runs one handler for one event: filter, bounded concurrency, timeout, retries with backoff, dead letter.
 * `deliver` never rejects — every failure becomes a `HandlerOutcome` — so no handler error can reach the process.
 */
@Injectable()
export class EventDispatcher {
  private readonly logger = new Logger('AcbEvents');
  private readonly semaphore: PrioritySemaphore;
  /** Marks code running inside a handler: nested emits reuse their parent's slot instead of deadlocking the bound. */
  private readonly insideHandler = new AsyncLocalStorage<boolean>();
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
  async deliver(record: EventHandlerRecord, event: EventEnvelope): Promise<HandlerOutcome> {
    this.inFlight += 1;
    try {
      if (record.filter) {
        let accepted: boolean;
        try {
          accepted = record.filter(event);
        } catch (error) {
          this.logger.warn(EventsMessages.filterThrew(record.name, toErrorInfo(error).message));
          return await this.fail(record, event, error, 1, 'failed');
        }
        if (!accepted) return { handler: record.name, status: 'filtered', attempts: 0 };
      }
      if (record.viaQueue) return await this.enqueue(record, event);
      return await this.runWithRetries(record, event);
    } catch (error) {
      this.logger.error(EventsMessages.dispatchCrashed(toErrorInfo(error).message));
      return { handler: record.name, status: 'failed', attempts: 0, error: toErrorInfo(error) };
    } finally {
      this.inFlight -= 1;
      if (this.inFlight === 0 && this.idleWaiters.length > 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const wake of waiters) wake();
      }
    }
  }

  /** Resolves once no delivery is in flight in this application (retries and `acb.event.failed` included). */
  idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
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
    await this.attempt(record, event);
  }

  private async runWithRetries(record: EventHandlerRecord, event: EventEnvelope): Promise<HandlerOutcome> {
    const maxAttempts = record.maxRetries + 1;
    for (let attempt = 1; ; attempt += 1) {
      const current = attempt === event.attempt ? event : { ...event, attempt };
      try {
        await this.attempt(record, current);
        return { handler: record.name, status: 'succeeded', attempts: attempt };
      } catch (error) {
        const status: HandlerStatus = error instanceof EventHandlerTimeoutError ? 'timed_out' : 'failed';
        if (attempt >= maxAttempts) return this.fail(record, current, error, attempt, status);
        this.logger.warn(
          EventsMessages.handlerFailed(record.name, event.name, attempt, maxAttempts, toErrorInfo(error).message),
        );
        await sleep(backoffDelay(attempt, this.options.backoff));
      }
    }
  }

  private async attempt(record: EventHandlerRecord, event: EventEnvelope): Promise<void> {
    const nested = this.insideHandler.getStore() === true;
    if (!nested && !this.semaphore.tryAcquire()) await this.semaphore.acquire(record.priority);
    try {
      await this.insideHandler.run(true, () =>
        AcbContext.run({ eventId: event.id, correlationId: event.correlationId }, () => this.invoke(record, event)),
      );
    } finally {
      if (!nested) this.semaphore.release();
    }
  }

  private invoke(record: EventHandlerRecord, event: EventEnvelope): Promise<unknown> {
    let result: unknown;
    try {
      result = record.fn(event.payload, event);
    } catch (error) {
      return Promise.reject(error);
    }
    if (!isThenable(result)) return Promise.resolve(result);
    const timeoutMs = record.timeoutMs;
    if (timeoutMs <= 0) return Promise.resolve(result);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new EventHandlerTimeoutError(record.name, timeoutMs)), timeoutMs);
      result.then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error);
        },
      );
    });
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

/** The queue task name of a `viaQueue` handler: `acb.event:<appName>:<handlerName>`. */
export function viaQueueTaskName(appName: string, record: EventHandlerRecord): string {
  return `${VIA_QUEUE_TASK_PREFIX}:${appName}:${record.name}`;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as PromiseLike<unknown>).then === 'function';
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
