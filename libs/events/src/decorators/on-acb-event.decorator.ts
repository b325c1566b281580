import { SetMetadata } from '@nestjs/common';
import type { AcbEventClass, EventPatternInput, PayloadOf } from '../acb-event';
import { ACB_EVENT_HANDLER_METADATA, ACB_EVENT_HANDLER_OWNER_METADATA } from '../events.constants';
import type { EventEnvelope } from '../interfaces/event-envelope.interface';
import type { EventHandlerOptions } from '../interfaces/event-handler.interface';

/**
 * The decorator `@OnAcbEvent(TypedEvent)` returns: the compiler checks the method against the event's payload
 * (`(payload: P, event: EventEnvelope<P>) => unknown`; fewer parameters are fine).
 */
export type TypedEventHandlerDecorator<P> = <M extends (payload: P, event: EventEnvelope<P>) => unknown>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<M>,
) => void;

/** What `@OnAcbEvent` stores on the method. */
export interface OnAcbEventMetadata {
  patterns: EventPatternInput;
  options: EventHandlerOptions;
}

/**
 * Marks a provider method as an event handler, discovered when the application starts.
 * Patterns follow EventEmitter2 wildcards: `user.*` matches one segment, `user.**` any number (zero included),
 * `**` everything. The method gets `(payload, envelope)`.
 *
 * ```ts
 * @OnAcbEvent('user.created') onCreated(payload: { userId: string }) {}
 * @OnAcbEvent(['user.updated', 'user.deleted'], { maxRetries: 5 }) onChange(payload, event: EventEnvelope) {}
 * @OnAcbEvent(UserCreated) onTyped(payload: PayloadOf<typeof UserCreated>) {}
 * ```
 */
export function OnAcbEvent<E extends AcbEventClass>(
  event: E,
  options?: EventHandlerOptions<PayloadOf<E>>,
): TypedEventHandlerDecorator<PayloadOf<E>>;
export function OnAcbEvent(patterns: EventPatternInput, options?: EventHandlerOptions): MethodDecorator;
export function OnAcbEvent(patterns: EventPatternInput, options: EventHandlerOptions = {}): MethodDecorator {
  const metadata: OnAcbEventMetadata = { patterns, options };
  const setMetadata = SetMetadata(ACB_EVENT_HANDLER_METADATA, metadata);
  return (target, key, descriptor) => {
    // NOTE: the class is marked too, so the explorer reads one entry per provider, not one per method.
    Reflect.defineMetadata(ACB_EVENT_HANDLER_OWNER_METADATA, true, target);
    return setMetadata(target, key, descriptor);
  };
}
