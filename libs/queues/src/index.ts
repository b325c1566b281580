export { AcbQueuesModule, AcbQueuesFeatureModule, type QueueAsyncRegistration } from './queues.module';
export { AcbProcessor } from './decorators/acb-processor.decorator';
export { OnTaskEvent } from './decorators/on-task-event.decorator';
export { TaskEvents, TASK_EVENT_TYPES, type TaskEvent, type TaskEventType, type TaskEventListener } from './events/task-events';
export { forwardTaskEventsToBus, type TaskEventPublisher } from './integrations/task-events-bus';
export { ACB_QUEUES_OPTIONS } from './queues.module-definition';
export { Queue } from './queue';
export { Worker } from './worker/worker';
export { Scheduler, type ScheduleInfo, type ScheduledFn } from './scheduler/scheduler';
export type { IntervalSpec } from './scheduler/interval';
export { TaskRegistry, type RegisteredTask } from './task.registry';
export { QueuesHealthIndicator } from './queues.health';
export { AcbTask, type TypedTaskDecorator } from './decorators/acb-task.decorator';
export {
  defineTask,
  type TaskDefinition,
  type TaskPayload,
  type TaskResult,
  type TypedTaskHandle,
  type TypedTaskRecord,
} from './tasks/define-task';
export { AcbCron, AcbEveryHour, AcbInterval, type AcbCronOptions } from './decorators/schedule.decorators';
export { InjectQueue } from './decorators/inject-queue.decorator';
export { getQueueToken, QUEUE_BACKEND } from './queues.tokens';
export { TASK_PRIORITY, MAX_TASK_PRIORITY, DEFAULT_QUEUE } from './queues.constants';
export { QUEUES_DEFAULTS } from './queues-options.resolver';
export { QUEUE_BACKEND_NAMES } from './backends/backend.loader';
export { MemoryQueueBackend } from './backends/memory/memory.backend';
export { queueOptionsFromSettings } from './settings/queue-settings.mapper';
export { QueueSettings, QueueConnectionSettings, QueueWorkersBlockSettings } from './settings/queue.settings';
export { createQueuesEventBridge, type QueuesEventBridge } from './integrations/queues-event-bridge';
export { UnknownTaskError } from './errors/unknown-task.error';
export { InvalidPayloadError } from './errors/invalid-payload.error';
export { InvalidTaskOptionError } from './errors/invalid-task-option.error';
export { InvalidQueuesOptionError } from './errors/invalid-queues-option.error';
export { InvalidQueueProcessingOptionError } from './errors/invalid-queue-processing-option.error';
export { UnknownTaskEventError } from './errors/unknown-task-event.error';
export { DuplicateTaskError } from './errors/duplicate-task.error';
export { UnknownQueueBackendError } from './errors/unknown-queue-backend.error';
export { QueueBackendClosedError } from './errors/queue-backend-closed.error';
export { TaskTimeoutError } from './errors/task-timeout.error';
export { UnrecoverableTaskError } from './errors/unrecoverable-task.error';
export { NoTaskHandlerError } from './errors/no-task-handler.error';
export { UnknownScheduleError } from './errors/unknown-schedule.error';
export { QueueBackendLoadError } from './errors/queue-backend-load.error';
export { DuplicateTaskIdError } from './errors/duplicate-task-id.error';
export { WorkerStoppedError } from './errors/worker-stopped.error';
export { InvalidScheduleError } from './errors/invalid-schedule.error';
export { DuplicateScheduleError } from './errors/duplicate-schedule.error';
export { TASK_STATUSES, WAITING_TASK_STATUSES } from './interfaces/task.interface';
export type * from './interfaces/task.interface';
export type * from './interfaces/task-handler.interface';
export type * from './interfaces/queue-backend.interface';
export type * from './interfaces/queues-module-options.interface';
