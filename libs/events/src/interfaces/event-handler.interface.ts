import type { EventEnvelope } from './event-envelope.interface';

/** A handler function: the payload first (as in the seed), the envelope second. */
export type EventHandlerFn<TPayload = any> = (payload: TPayload, event: EventEnvelope<TPayload>) => unknown;

/** Options of `@OnAcbEvent` and `EventSubscriber.on`. */
export interface EventHandlerOptions<TPayload = any> {
  /** Runs before the handler; `false` skips it (status `filtered`). A filter that throws is a failure. */
  filter?: (event: EventEnvelope<TPayload>) => boolean;
  /** Retries after the first attempt. @default the module's `maxRetries` (3) */
  maxRetries?: number;
  /** Higher starts first when handlers wait for the concurrency bound. @default 0 */
  priority?: number;
  /** Deliver through the task queue (durable, any worker process) instead of calling in-process. @default false */
  viaQueue?: boolean;
  /** Per-attempt timeout. @default the module's `handlerTimeoutMs` (30000) */
  timeoutMs?: number;
  /**
   * Stable name: names the consumer group on the redis transport (`<appName>:<name>`), dead letters and reports.
   * @default `ClassName.method` for decorated handlers, the function's name (or `handler#N`) for `on()`
   */
  name?: string;
}
