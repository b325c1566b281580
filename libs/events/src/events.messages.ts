/** Every error and log message of @acb/events, as small functions. */
export const EventsMessages = {
  invalidPattern: (pattern: unknown, owner: string, reason: string) =>
    `Invalid event pattern ${JSON.stringify(pattern)} on ${owner}: ${reason}. ` +
    `Use dot-separated segments of [A-Za-z0-9_:-], '*' for one segment and '**' for any number of segments.`,
  invalidEventName: (name: unknown, reason: string) =>
    `Invalid event name ${JSON.stringify(name)}: ${reason}. An emitted name is dot-separated segments of [A-Za-z0-9_:-] without wildcards.`,
  notSerializable: (eventName: string, path: string, reason: string) =>
    `Event "${eventName}" cannot be sent over the redis transport: ${path} ${reason}. ` +
    `Payloads and metadata must be JSON data (plain objects, arrays, strings, finite numbers, booleans, null; Dates become ISO strings).`,
  viaQueueUnavailable: (handler: string) =>
    `Event handler ${handler} has viaQueue: true but no queue bridge is configured. ` +
    `Pass queueBridge to AcbEventsModule.forRoot/forRootAsync (see createQueuesEventBridge) or drop viaQueue.`,
  duplicateHandlerName: (name: string) =>
    `Two event handlers are named "${name}". Handler names identify consumer groups and dead letters: give one a unique { name }.`,
  unknownHandler: (name: string) => `No event handler named "${name}" is registered in this application.`,
  millisecondsInSettings: (key: string) =>
    `${key}: durations in settings/events.yml are seconds, written without a unit suffix ` +
    `(handler_timeout: 30, shutdown_timeout: 10, backoff.delay: 0.1, backoff.max_delay: 30, redis.claim_idle: 30, redis.block: 1).`,
  unknownDeadLetter: (id: string) => `No dead letter with id "${id}".`,
  handlerTimedOut: (handler: string, ms: number) => `Event handler ${handler} timed out after ${ms} ms.`,
  handlerFailed: (handler: string, event: string, attempt: number, max: number, error: string) =>
    `Event handler ${handler} failed on "${event}" (attempt ${attempt}/${max}): ${error}`,
  deadLettered: (handler: string, event: string, attempts: number, error: string) =>
    `Event "${event}" dead-lettered for handler ${handler} after ${attempts} attempt(s): ${error}`,
  filterThrew: (handler: string, error: string) => `The filter of event handler ${handler} threw: ${error}`,
  failedEventFailed: (error: string) => `Could not emit acb.event.failed: ${error}`,
  requestScopedSkipped: (handler: string) =>
    `Event handler ${handler} belongs to a request-scoped provider and is skipped: ` +
    `events have no request. Move the handler to a singleton provider and resolve request-scoped services from it.`,
  anonymousRedisHandler: (name: string) =>
    `Event handler registered without a name on the redis transport was named "${name}"; ` +
    `its consumer group depends on registration order. Pass { name } for a stable consumer group.`,
  redisConsumerError: (group: string, error: string) => `Redis event consumer ${group} failed: ${error}; retrying.`,
  deliveryLimit: (handler: string, deliveries: number) =>
    `Event delivered ${deliveries} times to ${handler} without an acknowledgement (its consumers crashed or were killed while handling it); dead-lettered instead of delivered again.`,
  shutdownAbandoned: (pending: number, ms: number) =>
    `Shutdown: ${pending} event deliveries still running after ${ms} ms are abandoned (on redis their entries stay pending and are redelivered).`,
  notStarted: () => `AcbEventsModule is not started yet (the application has not bootstrapped).`,
  dispatchCrashed: (error: string) => `Event dispatch failed unexpectedly: ${error}`,
  bridgeWithoutEmitter: () =>
    `AcbEventsModule: bridgeEventEmitter is true but no EventEmitter2 is visible. Import EventEmitterModule.forRoot() ` +
    `from @nestjs/event-emitter (global, its default) or drop the option.`,
  bridgeNeedsLocal: (transport: string) =>
    `AcbEventsModule: bridgeEventEmitter joins @nestjs/event-emitter to the local transport; the transport is '${transport}'. ` +
    `Drop the option or use transport 'local'.`,
  bridgeEmitFailed: (name: string, error: string) => `EventEmitter2 event "${name}" could not be emitted to ACB handlers: ${error}`,
};
