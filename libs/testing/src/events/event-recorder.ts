import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { type AcbEventClass, type EventEnvelope, EventPublisher, matchEventPattern } from '@acb/events';

/** Options of `EventRecorder.waitFor`. */
export interface WaitForEventsOptions {
  /** How many matching events to wait for. @default 1 */
  count?: number;
  /** @default 5000 */
  timeoutMs?: number;
}

/**
 * Records every event the application's `EventPublisher` emits (before delivery, handlers or not), for assertions:
 *
 * ```ts
 * expect(recorder.emitted('order.placed')).toHaveLength(1);
 * expect(recorder.payloads(OrderPlaced)[0]).toMatchObject({ orderId });
 * await recorder.settled(); // every handler (retries included) has finished
 * ```
 * As a provider it starts on module init; outside DI use `new EventRecorder(publisher).start()`.
 * It sees what this application emits (on the redis transport: what this process published, not remote events).
 */
@Injectable()
export class EventRecorder implements OnModuleInit, OnModuleDestroy {
  private readonly recorded: EventEnvelope[] = [];
  private readonly waiters = new Set<() => void>();
  private stopObserving?: () => void;

  constructor(private readonly publisher: EventPublisher) {}

  /** Starts recording (idempotent). */
  start(): this {
    this.stopObserving ??= this.publisher.observe((event) => {
      this.recorded.push(event);
      for (const wake of [...this.waiters]) wake();
    });
    return this;
  }

  /** Stops recording; what was recorded stays. */
  stop(): void {
    this.stopObserving?.();
    this.stopObserving = undefined;
  }

  onModuleInit(): void {
    this.start();
  }

  onModuleDestroy(): void {
    this.stop();
  }

  /** Recorded envelopes, oldest first; only those matching a name, wildcard pattern or typed-event class if given. */
  emitted(filter?: string | AcbEventClass): EventEnvelope[] {
    if (filter === undefined) return [...this.recorded];
    const pattern = typeof filter === 'function' ? filter.eventName : filter;
    return this.recorded.filter((event) => matchEventPattern(pattern, event.name));
  }

  /** The payloads of `emitted(filter)`. */
  payloads<T = unknown>(filter?: string | AcbEventClass<T>): T[] {
    return this.emitted(filter).map((event) => event.payload as T);
  }

  /** The most recent matching envelope. */
  last(filter?: string | AcbEventClass): EventEnvelope | undefined {
    const matching = this.emitted(filter);
    return matching[matching.length - 1];
  }

  /** Forgets everything recorded so far. */
  clear(): void {
    this.recorded.length = 0;
  }

  /** Resolves with the matching envelopes once at least `count` were recorded; rejects after `timeoutMs`. */
  waitFor(filter: string | AcbEventClass, options: WaitForEventsOptions = {}): Promise<EventEnvelope[]> {
    const count = options.count ?? 1;
    const timeoutMs = options.timeoutMs ?? 5000;
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        const matching = this.emitted(filter);
        if (matching.length < count) return false;
        resolve(matching);
        return true;
      };
      if (check()) return;
      const timer = setTimeout(() => {
        this.waiters.delete(wake);
        const name = typeof filter === 'function' ? filter.eventName : filter;
        reject(new Error(`EventRecorder: expected ${count} "${name}" event(s) within ${timeoutMs} ms, got ${this.emitted(filter).length}`));
      }, timeoutMs);
      const wake = (): void => {
        if (!check()) return;
        clearTimeout(timer);
        this.waiters.delete(wake);
      };
      this.waiters.add(wake);
    });
  }

  /** Resolves once every handler delivery started in this application has settled (retries included). */
  settled(): Promise<void> {
    return this.publisher.settled();
  }
}
