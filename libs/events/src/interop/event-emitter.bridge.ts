import { Inject, Injectable, Logger, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventEmitter2 } from 'eventemitter2';
import { ACB_EVENTS_RESOLVED_OPTIONS } from '../events.constants';
import { EventsMessages } from '../events.messages';
import { ACB_EVENTS_MODULE_OPTIONS } from '../events.module-definition';
import { EventPublisher } from '../event.publisher';
import { EventHandlerRegistry } from '../event-handler.registry';
import { EventsOptionsError } from '../errors/events-options.error';
import type { EventEnvelope } from '../interfaces/event-envelope.interface';
import type { AcbEventsModuleOptions, ResolvedEventsOptions } from '../interfaces/events-module-options.interface';
import { toErrorInfo } from '../utils/error-info';

interface InFlight {
  readonly name: string;
  readonly payload: unknown;
}

/**
 * Makes @nestjs/event-emitter and ACB one event bus on the local transport (option `bridgeEventEmitter`, on when
 * `EventEmitterModule.forRoot()` is visible):
 * - every event ACB emits is also emitted on the application's EventEmitter2, so `@OnEvent('order.*')` listeners
 *   receive the payload;
 * - an `EventEmitter2.emit(name, payload)` from existing code is emitted through `EventPublisher` when some ACB
 *   handler matches `name`, so `@OnAcbEvent` handlers run with ACB's retries, dead letters and reports (those apply
 *   to ACB handlers only: `@OnEvent` listeners are called by EventEmitter2 as before).
 * An event crosses once: what the bridge hands to one side is recognised (same name, same payload object) and never
 * handed back. Without EventEmitterModule nothing is attached and the emit path costs nothing more.
 */
@Injectable()
export class EventEmitterBridge implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AcbEvents');
  private readonly enabled: boolean;
  /** Events being handed to EventEmitter2 now (ACB -> Nest), innermost last. */
  private readonly toEmitter: InFlight[] = [];
  /** Events being handed to ACB now (Nest -> ACB), innermost last. */
  private readonly toAcb: InFlight[] = [];
  private stopObserving?: () => void;
  /** Called for every EventEmitter2 emit, ours included; several arguments become an array payload. */
  private readonly onAny = (name: string | string[], payload?: unknown, ...more: unknown[]): void => {
    if (typeof name === 'string') this.fromEmitter(name, more.length === 0 ? payload : [payload, ...more]);
  };

  constructor(
    @Inject(ACB_EVENTS_MODULE_OPTIONS) options: AcbEventsModuleOptions,
    @Inject(ACB_EVENTS_RESOLVED_OPTIONS) resolved: ResolvedEventsOptions,
    private readonly publisher: EventPublisher,
    private readonly registry: EventHandlerRegistry,
    @Optional() @Inject(EventEmitter2) private readonly emitter?: EventEmitter2,
  ) {
    const wanted = options.bridgeEventEmitter;
    if (wanted === true && !emitter) throw new EventsOptionsError(EventsMessages.bridgeWithoutEmitter());
    // NOTE: `true` with the redis transport is refused earlier, by resolveEventsOptions.
    this.enabled = wanted ?? (emitter !== undefined && resolved.transport === 'local');
  }

  /** Whether the two buses are joined in this application. */
  get active(): boolean {
    return this.enabled;
  }

  onModuleInit(): void {
    if (!this.enabled || !this.emitter) return;
    this.emitter.onAny(this.onAny);
    this.stopObserving = this.publisher.observe((event) => this.toNest(event));
  }

  onApplicationShutdown(): void {
    this.stopObserving?.();
    this.stopObserving = undefined;
    this.emitter?.offAny(this.onAny);
  }

  private toNest(event: EventEnvelope): void {
    if (!this.emitter || !hasOtherListeners(this.emitter) || isCrossing(this.toAcb, event.name, event.payload)) return;
    this.toEmitter.push(event);
    try {
      this.emitter?.emit(event.name, event.payload);
    } finally {
      this.toEmitter.pop();
    }
  }

  private fromEmitter(name: string, payload: unknown): void {
    // NOTE: names no ACB handler matches stay on EventEmitter2 alone (an array name reaches onAny as its dotted name).
    if (isCrossing(this.toEmitter, name, payload) || this.registry.match(name).length === 0) return;
    this.toAcb.push({ name, payload });
    try {
      this.publisher
        .emit(name, payload, { wait: false })
        .catch((error: unknown) => this.logger.warn(EventsMessages.bridgeEmitFailed(name, toErrorInfo(error).message)));
    } finally {
      this.toAcb.pop();
    }
  }
}

/** EventEmitter2's own fields (6.x) that say whether anything listens; read, never written. */
interface EmitterListeners {
  wildcard?: boolean;
  listenerTree?: object;
  _events?: object;
  _all?: unknown[] | false;
}

/**
 * Whether `emitter` has a listener other than the bridge's own `onAny`: when it has none, handing it an event would
 * only call the bridge back (and walk an empty listener tree), so the bridge skips it. Reads EventEmitter2's fields
 * without allocating; when they are not what EventEmitter2 6.x keeps, it answers yes (the event is emitted).
 * NOTE: EventEmitter2 keeps empty tree nodes after `off()`, so an emitter that once had a listener answers yes.
 */
function hasOtherListeners(emitter: EventEmitter2): boolean {
  const fields = emitter as unknown as EmitterListeners;
  if (fields._all && fields._all.length > 1) return true;
  return hasKeys(fields._events) || (fields.wildcard === true && hasKeys(fields.listenerTree));
}

/** Whether `value` has an own key; true when it is not an object (unknown shape). */
function hasKeys(value: object | undefined): boolean {
  if (typeof value !== 'object' || value === null) return true;
  for (const key in value) if (Object.prototype.hasOwnProperty.call(value, key)) return true;
  return false;
}

function isCrossing(inFlight: readonly InFlight[], name: string, payload: unknown): boolean {
  const last = inFlight[inFlight.length - 1];
  return last !== undefined && last.name === name && last.payload === payload;
}
