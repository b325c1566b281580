import { ACB_EVENT_HANDLER_METADATA, ACB_EVENT_HANDLER_OWNER_METADATA } from '../events.constants';
import type { OnAcbEventMetadata } from './on-acb-event.decorator';

/** Reads what `@OnAcbEvent` stored on a method, if anything. */
export function getEventHandlerMetadata(method: unknown): OnAcbEventMetadata | undefined {
  if (typeof method !== 'function') return undefined;
  return Reflect.getMetadata(ACB_EVENT_HANDLER_METADATA, method) as OnAcbEventMetadata | undefined;
}

/** True when the prototype, or one it inherits from, declares an `@OnAcbEvent` method. */
export function declaresEventHandlers(prototype: object): boolean {
  return Reflect.getMetadata(ACB_EVENT_HANDLER_OWNER_METADATA, prototype) === true;
}
