import type { TaskPriorityName } from './interfaces/task.interface';

/** Metadata key of @AcbTask. */
export const ACB_TASK_METADATA = 'acb:queues:task';
/** Metadata key of @AcbCron / @AcbEveryHour / @AcbInterval. */
export const ACB_SCHEDULE_METADATA = 'acb:queues:schedule';
/** Metadata key of @AcbProcessor (on the class). */
export const ACB_PROCESSOR_METADATA = 'acb:queues:processor';
/** Metadata key of @OnTaskEvent. */
export const ACB_TASK_EVENT_METADATA = 'acb:queues:task-event';
/** Metadata key set on a prototype that declares task or schedule methods (lets the explorer skip other classes). */
export const ACB_TASK_OWNER_METADATA = 'acb:queues:task-owner';

/** Highest numeric priority (RabbitMQ `x-max-priority`). Priorities are integers 0..MAX_TASK_PRIORITY, higher first. */
export const MAX_TASK_PRIORITY = 10;

/** The named priorities as numbers: `critical > high > normal > low`. */
export const TASK_PRIORITY: Readonly<Record<TaskPriorityName, number>> = Object.freeze({
  critical: 10,
  high: 7,
  normal: 5,
  low: 2,
});

/** The default queue name. */
export const DEFAULT_QUEUE = 'default';
/** Default key / queue-name prefix on shared servers. */
export const DEFAULT_PREFIX = 'acb';
