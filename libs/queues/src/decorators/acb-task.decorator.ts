import { SetMetadata } from '@nestjs/common';
import type { AcbTaskOptions } from '../interfaces/task-handler.interface';
import { ACB_TASK_METADATA } from '../queues.constants';
import { markingTaskOwner } from './task-owner.marker';

/** What @AcbTask stores on a method. */
export interface AcbTaskMetadata {
  name: string;
  options: AcbTaskOptions;
}

/**
 * Marks a provider method as the handler of task `name`. The method gets `(payload, context: TaskContext)`; it is
 * found when the module initialises and bound to its provider instance.
 *
 * @example
 * @AcbTask('send_email', { maxRetries: 5, priority: 'high', timeoutMs: 30_000 })
 * async sendEmail(payload: { recipient: string }, ctx: TaskContext) { ... }
 */
export function AcbTask(name: string, options: AcbTaskOptions = {}): MethodDecorator {
  return markingTaskOwner(SetMetadata<string, AcbTaskMetadata>(ACB_TASK_METADATA, { name, options }));
}
