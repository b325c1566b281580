import { SetMetadata } from '@nestjs/common';
import type { AcbTaskOptions, TaskContext } from '../interfaces/task-handler.interface';
import { isTaskDefinition, type TaskDefinition } from '../tasks/define-task';
import { ACB_TASK_METADATA } from '../queues.constants';
import { markingTaskOwner } from './task-owner.marker';

/** What @AcbTask stores on a method. */
export interface AcbTaskMetadata {
  name: string;
  options: AcbTaskOptions;
}

/** The decorator `@AcbTask(definition)` returns: it only accepts a method whose signature fits the definition. */
export type TypedTaskDecorator<P, R> = <M extends (payload: P, context: TaskContext) => R | Promise<R>>(
  target: object,
  key: string | symbol,
  descriptor: TypedPropertyDescriptor<M>,
) => void;

/**
 * Marks a provider method as the handler of task `name` (or of a typed definition, `defineTask<P, R>(name)`: the
 * method must then take `P` and return `R`, checked at compile time). The method gets `(payload, context:
 * TaskContext)`; it is found when the module initialises and bound to its provider instance. Inside an
 * `@AcbProcessor(queue)` class the task goes to that queue unless its options name another.
 *
 * @example
 * @AcbTask('send_email', { maxRetries: 5, priority: 'high', timeoutMs: 30_000 })
 * async sendEmail(payload: { recipient: string }, ctx: TaskContext) { ... }
 */
export function AcbTask<P, R>(task: TaskDefinition<P, R>, options?: AcbTaskOptions): TypedTaskDecorator<P, R>;
export function AcbTask(name: string, options?: AcbTaskOptions): MethodDecorator;
export function AcbTask(task: string | TaskDefinition<unknown, unknown>, options: AcbTaskOptions = {}): MethodDecorator {
  const metadata: AcbTaskMetadata = isTaskDefinition(task)
    ? { name: task.name, options: { ...task.options, ...options } }
    : { name: task, options };
  return markingTaskOwner(SetMetadata<string, AcbTaskMetadata>(ACB_TASK_METADATA, metadata));
}
