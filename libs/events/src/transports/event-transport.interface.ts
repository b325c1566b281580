import type { HandlerOutcome } from '../interfaces/emit-report.interface';
import type { EventEnvelope } from '../interfaces/event-envelope.interface';

/** How an emitted envelope reaches handlers. */
export interface EventTransport {
  /** Which transport this is. */
  readonly kind: 'local' | 'redis';
  /**
   * Hands the envelope over. Local: resolves once every matching handler settled. Redis: resolves once the
   * event is in the stream, with this process's matching handlers reported as `queued`.
   */
  publish(event: EventEnvelope): Promise<HandlerOutcome[]>;
  /**
   * Local only, `publish` without a promise: delivers now and calls `done` once every matching handler settled;
   * without `done` nobody reads the outcomes and none are built (`{ wait: false }`).
   */
  dispatch?(event: EventEnvelope, done?: (outcomes: HandlerOutcome[]) => void): void;
  /** Starts consuming (application bootstrap). */
  start(): Promise<void>;
  /** Stops consuming, lets in-flight deliveries finish for up to `graceMs` (application shutdown). */
  stop(graceMs: number): Promise<void>;
}
