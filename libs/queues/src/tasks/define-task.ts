import type { AcbTaskOptions } from '../interfaces/task-handler.interface';
import type { TaskHandle, TaskRecord } from '../interfaces/task.interface';

/**
 * A task declared once, with its payload and result types: `enqueue(task, payload)` checks the payload at compile
 * time, the handle it returns carries the result type to `getTask`, and `@AcbTask(task)` / `registry.register(task,
 * fn)` check the handler's signature. At run time it is only the name and the task's default options.
 *
 * @example
 * export const SendEmail = defineTask<{ recipient: string; subject: string }, { messageId: string }>('send_email', { maxRetries: 5 });
 * const handle = await queue.enqueue(SendEmail, { recipient, subject });   // a wrong payload does not compile
 * const record = await queue.getTask(handle);                             // record?.result is { messageId: string }
 */
export interface TaskDefinition<P = unknown, R = unknown> {
  readonly name: string;
  readonly options: Readonly<AcbTaskOptions>;
  /** Type-level only (never set): the payload and result types. */
  readonly types?: { payload: P; result: R };
}

/** Declares a task name with its payload type `P`, result type `R` and default options. */
export function defineTask<P, R = void>(name: string, options: AcbTaskOptions = {}): TaskDefinition<P, R> {
  return Object.freeze({ name, options: Object.freeze({ ...options }) });
}

/** The payload type of a task definition. */
export type TaskPayload<T> = T extends TaskDefinition<infer P, unknown> ? P : never;

/** The result type of a task definition. */
export type TaskResult<T> = T extends TaskDefinition<unknown, infer R> ? R : never;

/** What `enqueue(definition, ...)` returns: a handle that carries its definition (and so the result type). */
export interface TypedTaskHandle<R> extends TaskHandle {
  readonly task: TaskDefinition<any, R>;
}

/** A task record whose `result` has the definition's result type (as it comes back from JSON). */
export type TypedTaskRecord<R> = Omit<TaskRecord, 'result'> & { result?: R extends void ? undefined : R };

/** True for a task definition (a name string is not one). */
export function isTaskDefinition(value: unknown): value is TaskDefinition {
  return typeof value === 'object' && value !== null && typeof (value as TaskDefinition).name === 'string' && 'options' in value;
}
