export { AcbEventsModule } from './events.module';
export { ACB_EVENTS_MODULE_OPTIONS } from './events.module-definition';
export { EVENT_FAILED } from './events.constants';
export { AcbEvent, type AcbEventClass, type EventPatternInput, type PayloadOf } from './acb-event';
export { OnAcbEvent, type TypedEventHandlerDecorator } from './decorators/on-acb-event.decorator';
export { EventPublisher, type EmitOptions, type EventFailedPayload, type EmitObserver } from './event.publisher';
export { EventSubscriber, type Unsubscribe } from './event.subscriber';
export { DeadLetterStore, type DeadLetterQuery } from './dead-letters/dead-letter.store';
export { discoverEventHandlers, type DiscoveredEventHandler, type EventHandlerSource } from './discover-event-handlers';
export { EventsSettings, EventsBackoffSettings, EventsRedisSettings } from './events.settings';
export { EVENTS_DEFAULTS } from './resolve-events-options';
export type { EventEnvelope, EventMetadata } from './interfaces/event-envelope.interface';
export type { EmitReport, HandlerOutcome, HandlerStatus, EventErrorInfo } from './interfaces/emit-report.interface';
export type { EventHandlerFn, EventHandlerOptions } from './interfaces/event-handler.interface';
export type { DeadLetter } from './interfaces/dead-letter.interface';
export type { EventQueueBridge, QueuedEventRunner } from './interfaces/queue-bridge.interface';
export type {
  AcbEventsModuleOptions,
  EventBackoffOptions,
  RedisEventTransportOptions,
} from './interfaces/events-module-options.interface';
export { InvalidEventPatternError } from './errors/invalid-event-pattern.error';
export { InvalidEventNameError } from './errors/invalid-event-name.error';
export { EventPayloadNotSerializableError } from './errors/event-payload-not-serializable.error';
export { ViaQueueUnavailableError } from './errors/via-queue-unavailable.error';
export { DuplicateEventHandlerError } from './errors/duplicate-event-handler.error';
export { UnknownEventHandlerError } from './errors/unknown-event-handler.error';
export { UnknownDeadLetterError } from './errors/unknown-dead-letter.error';
export { EventHandlerTimeoutError } from './errors/event-handler-timeout.error';
export { EventsOptionsError } from './errors/events-options.error';
export { EventDeliveryLimitError } from './errors/event-delivery-limit.error';
export { matchEventPattern } from './utils/match-event-pattern';
