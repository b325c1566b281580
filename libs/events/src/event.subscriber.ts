import { Injectable } from '@nestjs/common';
import type { AcbEventClass, EventPatternInput, PayloadOf } from './acb-event';
import { EventHandlerRegistry } from './event-handler.registry';
import type { EventHandlerFn, EventHandlerOptions } from './interfaces/event-handler.interface';
import type { DiscoveredEventHandler } from './discover-event-handlers';

/** Removes a subscription; calling it twice is harmless. */
export type Unsubscribe = () => void;

/**
 * Registers handlers at run time.
 *
 * ```ts
 * const off = subscriber.on('user.created', async (payload) => sendWelcome(payload.email));
 * subscriber.on(['user.updated', 'user.deleted'], (payload) => cache.invalidate(`user:${payload.userId}`));
 * off();
 * ```
 */
@Injectable()
export class EventSubscriber {
  constructor(private readonly registry: EventHandlerRegistry) {}

  /** Subscribes to a typed event. */
  on<E extends AcbEventClass>(event: E, handler: EventHandlerFn<PayloadOf<E>>, options?: EventHandlerOptions<PayloadOf<E>>): Unsubscribe;
  /** Subscribes to a pattern or a list of patterns (`user.*`, `**`, ...). */
  on<TPayload = any>(patterns: EventPatternInput, handler: EventHandlerFn<TPayload>, options?: EventHandlerOptions<TPayload>): Unsubscribe;
  on(patterns: EventPatternInput, handler: EventHandlerFn, options: EventHandlerOptions = {}): Unsubscribe {
    const record = this.registry.register(patterns, handler, options);
    return () => {
      this.registry.unregister(record);
    };
  }

  /** Registers handlers found by `discoverEventHandlers` (handlers outside the DI graph). */
  register(handlers: DiscoveredEventHandler | DiscoveredEventHandler[]): Unsubscribe {
    const list = Array.isArray(handlers) ? handlers : [handlers];
    const records: ReturnType<EventHandlerRegistry['register']>[] = [];
    try {
      for (const handler of list) records.push(this.registry.register(handler.patterns, handler.handler, handler.options, handler.owner));
    } catch (error) {
      for (const record of records) this.registry.unregister(record);
      throw error;
    }
    return () => {
      for (const record of records) this.registry.unregister(record);
    };
  }
}
