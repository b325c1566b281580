import { SetMetadata } from '@nestjs/common';
import { TASK_EVENT_TYPES, type TaskEventType } from '../events/task-events';
import { ACB_TASK_EVENT_METADATA } from '../queues.constants';
import { UnknownTaskEventError } from '../errors/unknown-task-event.error';
import { markingTaskOwner } from './task-owner.marker';

/** What @OnTaskEvent stores on a method. */
export interface OnTaskEventMetadata {
  types: TaskEventType[];
  queue?: string;
}

/**
 * A task lifecycle hook on a provider method (as `@OnWorkerEvent` of @nestjs/bullmq): called with a `TaskEvent` for
 * each `type` of a task this process's worker ran — of `options.queue`, of the `@AcbProcessor` class's queue, or of
 * every queue. Runs outside the task: its errors are logged, never fail the task. The same events reach the event bus
 * as `task.<type>` with `forwardTaskEventsToBus`.
 *
 * @example @OnTaskEvent(['failed', 'dead']) onFailure(event: TaskEvent) { this.alerts.notify(event) }
 */
export function OnTaskEvent(types: TaskEventType | readonly TaskEventType[], options: { queue?: string } = {}): MethodDecorator {
  const list = typeof types === 'string' ? [types] : [...types];
  for (const type of list) {
    if (!TASK_EVENT_TYPES.includes(type)) throw new UnknownTaskEventError(String(type), TASK_EVENT_TYPES);
  }
  return markingTaskOwner(SetMetadata<string, OnTaskEventMetadata>(ACB_TASK_EVENT_METADATA, { types: list, queue: options.queue }));
}
