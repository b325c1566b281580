import { SetMetadata } from '@nestjs/common';
import type { AcbEventClass, EventPatternInput, PayloadOf } from '../acb-event';
import { ACB_EVENT_HANDLER_METADATA } from '../events.constants';
import type { EventHandlerOptions } from '../interfaces/event-handler.interface';

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
export function OnAcbEvent<E extends AcbEventClass>(event: E, options?: EventHandlerOptions<PayloadOf<E>>): MethodDecorator;
export function OnAcbEvent(patterns: EventPatternInput, options?: EventHandlerOptions): MethodDecorator;
export function OnAcbEvent(patterns: EventPatternInput, options: EventHandlerOptions = {}): MethodDecorator {
  const metadata: OnAcbEventMetadata = { patterns, options };
  return SetMetadata(ACB_EVENT_HANDLER_METADATA, metadata);
}
