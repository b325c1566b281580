import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AcbContext } from '@acb/logger';
import { AcbEvent } from './acb-event';
import { ACB_EVENT_TRANSPORT, EVENT_FAILED } from './events.constants';
import { EventsMessages } from './events.messages';
import { EventDispatcher } from './event.dispatcher';
import type { DeadLetter } from './interfaces/dead-letter.interface';
import type { EmitReport, HandlerOutcome } from './interfaces/emit-report.interface';
import type { EventEnvelope, EventMetadata } from './interfaces/event-envelope.interface';
import type { EventTransport } from './transports/event-transport.interface';
import { assertValidEventName } from './utils/event-pattern';
import { toErrorInfo } from './utils/error-info';

const VALID_NAME_CACHE_LIMIT = 10_000;

/** Options of `EventPublisher.emit`. */
export interface EmitOptions {
  /** Free-form metadata carried in the envelope. @default {} */
  metadata?: EventMetadata;
  /**
   * Wait for local handlers to settle and report their outcomes. `false` resolves at once with an unsettled
   * report; failures are still retried, dead-lettered and logged. @default true
   */
  wait?: boolean;
  /** @default the logging context's correlationId, else the event id */
  correlationId?: string;
}

/** Payload of `acb.event.failed`. */
export interface EventFailedPayload {
  deadLetterId: string;
  eventId: string;
  eventName: string;
  handler: string;
  error: { name: string; message: string };
  attempts: number;
  failedAt: string;
}

/** Sees every envelope this application emits (the testing EventRecorder uses it). */
export type EmitObserver = (event: EventEnvelope) => void;

/**
 * Emits events to every matching handler.
 *
 * ```ts
 * await publisher.emit('user.created', { userId, email });
 * await publisher.emit('order.completed', { orderId }, { metadata: { priority: 'high', region: 'us-west' } });
 * const report = await publisher.emit(new UserCreated({ userId, email }));
 * ```
 */
@Injectable()
export class EventPublisher {
  private readonly logger = new Logger('AcbEvents');
  /** Replaced, never mutated, on (un)subscription: iterating it allocates nothing and a change mid-emit is safe. */
  private observers: readonly EmitObserver[] = [];
  /** Event ids are `<random per publisher>-<sequence>`: unique across processes, cheaper than a UUID per emit. */
  private readonly idPrefix = randomBytes(9).toString('base64url');
  private sequence = 0;
  /** Names already validated (bounded), so the hot path does not re-parse them. */
  private readonly validNames = new Set<string>();

  constructor(
    @Inject(ACB_EVENT_TRANSPORT) private readonly transport: EventTransport,
    private readonly dispatcher: EventDispatcher,
  ) {
    dispatcher.onDeadLetter((deadLetter) => this.emitFailed(deadLetter));
  }

  /** Emits a typed event. */
  emit<TPayload>(event: AcbEvent<TPayload>, options?: EmitOptions): Promise<EmitReport>;
  /** Emits `name` with `payload` (the seed's `emit("user.created", user_id=...)`). */
  emit(name: string, payload?: unknown, options?: EmitOptions): Promise<EmitReport>;
  emit(nameOrEvent: string | AcbEvent<unknown>, payloadOrOptions?: unknown, maybeOptions?: EmitOptions): Promise<EmitReport> {
    let name: string;
    let payload: unknown;
    let options: EmitOptions | undefined;
    if (nameOrEvent instanceof AcbEvent) {
      name = nameOrEvent.eventName;
      payload = nameOrEvent.payload;
      options = payloadOrOptions as EmitOptions | undefined;
    } else {
      name = nameOrEvent;
      payload = payloadOrOptions;
      options = maybeOptions;
    }
    if (!this.validNames.has(name)) {
      try {
        assertValidEventName(name);
      } catch (error) {
        return Promise.reject(error);
      }
      if (this.validNames.size >= VALID_NAME_CACHE_LIMIT) this.validNames.clear();
      this.validNames.add(name);
    }
    this.sequence += 1;
    const id = `${this.idPrefix}-${this.sequence.toString(36)}`;
    const event: EventEnvelope = {
      id,
      name,
      payload,
      metadata: options?.metadata ?? {},
      timestamp: Date.now(),
      correlationId: options?.correlationId ?? (AcbContext.get('correlationId') as string | undefined) ?? id,
      attempt: 1,
    };
    if (this.observers.length > 0) this.notify(event);
    const transport = this.transport;
    if (transport.dispatch) {
      // Local: one promise per emit (none with `wait: false`), the report built once the handlers settled.
      if (options?.wait === false) {
        try {
          transport.dispatch(event);
        } catch (error) {
          return Promise.reject(error);
        }
        return Promise.resolve({ eventId: id, name, settled: false, handlers: [] });
      }
      return new Promise((resolve) => transport.dispatch?.(event, (handlers) => resolve({ eventId: id, name, settled: true, handlers })));
    }
    let outcomes: Promise<HandlerOutcome[]>;
    try {
      outcomes = transport.publish(event);
    } catch (error) {
      return Promise.reject(error);
    }
    return outcomes.then((handlers) => ({ eventId: id, name, settled: true, handlers }));
  }

  /** Resolves once every delivery started in this application has settled (retries included). */
  settled(): Promise<void> {
    return this.dispatcher.idle();
  }

  /** Calls `observer` with every envelope emitted here, before delivery; returns a function that stops it. */
  observe(observer: EmitObserver): () => void {
    if (!this.observers.includes(observer)) this.observers = [...this.observers, observer];
    return () => {
      this.observers = this.observers.filter((o) => o !== observer);
    };
  }

  private notify(event: EventEnvelope): void {
    const observers = this.observers;
    for (let index = 0; index < observers.length; index += 1) {
      const observer = observers[index];
      try {
        observer(event);
      } catch (error) {
        this.logger.error(EventsMessages.dispatchCrashed(toErrorInfo(error).message));
      }
    }
  }

  private emitFailed(deadLetter: DeadLetter): void {
    const payload: EventFailedPayload = {
      deadLetterId: deadLetter.id,
      eventId: deadLetter.event.id,
      eventName: deadLetter.event.name,
      handler: deadLetter.handler,
      error: { name: deadLetter.error.name, message: deadLetter.error.message },
      attempts: deadLetter.attempts,
      failedAt: deadLetter.failedAt,
    };
    this.emit(EVENT_FAILED, payload, { wait: false, correlationId: deadLetter.event.correlationId }).catch((error: unknown) =>
      this.logger.error(EventsMessages.failedEventFailed(toErrorInfo(error).message)),
    );
  }
}
