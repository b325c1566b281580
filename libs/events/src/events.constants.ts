/** Metadata key of `@OnAcbEvent` (namespaced, read by the explorer). */
export const ACB_EVENT_HANDLER_METADATA = 'acb:event-handler';
/** Metadata key set on a prototype that declares `@OnAcbEvent` methods (lets the explorer skip other classes). */
export const ACB_EVENT_HANDLER_OWNER_METADATA = 'acb:event-handler-owner';

/** DI token of the resolved (defaults merged) module options. */
export const ACB_EVENTS_RESOLVED_OPTIONS = Symbol('ACB_EVENTS_RESOLVED_OPTIONS');

/** DI token of the transport chosen by `transport`. */
export const ACB_EVENT_TRANSPORT = Symbol('ACB_EVENT_TRANSPORT');

/** DI token of the dead-letter backend (memory or Redis). */
export const ACB_DEAD_LETTER_BACKEND = Symbol('ACB_DEAD_LETTER_BACKEND');

/** Name of the event emitted after a handler's delivery was dead-lettered. */
export const EVENT_FAILED = 'acb.event.failed';

/** Prefix of the queue task names under which `viaQueue` handlers are registered. */
export const VIA_QUEUE_TASK_PREFIX = 'acb.event';
