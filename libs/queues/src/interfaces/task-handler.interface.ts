import type { BackoffOptions } from '@acb/common';
import type { JsonValue, TaskPriorityName } from './task.interface';

/** A logger whose lines carry the task id, name and attempt. */
export interface TaskLogger {
  log(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

/** What a task handler gets besides its payload. */
export interface TaskContext {
  taskId: string;
  name: string;
  queue: string;
  /** 1 for the first attempt. */
  attempt: number;
  maxRetries: number;
  /** Aborted when the task's `timeoutMs` runs out or when a graceful stop gives up on it. Pass it on to I/O. */
  signal: AbortSignal;
  logger: TaskLogger;
  /**
   * Reports progress (`ctx.progress(42)`, or any JSON value such as `{ done: 3, of: 10 }`): stored with the task,
   * so `getTask()` shows it in `progress` from any process that can see the task. Resolves once stored.
   */
  progress(value: JsonValue): Promise<void>;
}

/** A task handler: returns (or resolves) a JSON value kept as the task's `result`, or nothing. */
export type TaskHandler<P = any, R = unknown> = (payload: P, context: TaskContext) => R | Promise<R>;

/** Options of `@AcbTask()` and `TaskRegistry.register()`: the defaults of every enqueue of that task. */
export interface AcbTaskOptions {
  /** Queue the task goes to. @default the module's `defaultQueue` */
  queue?: string;
  /** @default the module's `worker.maxRetries` (3) */
  maxRetries?: number;
  /** @default 'normal' */
  priority?: TaskPriorityName | number;
  /** @default the module's `backoff` */
  backoff?: BackoffOptions;
  /** Per-attempt time limit in ms; 0 = none. @default the module's `timeoutMs` (0) */
  timeoutMs?: number;
}

/**
 * Options of one queue's processing in a worker process (`@AcbProcessor(queue, options)`,
 * `AcbQueuesModule.registerQueueAsync({ name, useFactory })`).
 */
export interface QueueProcessingOptions {
  /** Tasks of this queue run at once in this process. @default the module's `worker.concurrency` */
  concurrency?: number;
  /**
   * At most `max` tasks of this queue START per `durationMs`, in this process (a task waiting for its turn holds a
   * concurrency slot). Per process on every backend: with N worker processes the queue runs up to N * max per
   * interval.
   */
  rateLimit?: { max: number; durationMs: number };
}

/** Options of one enqueue; they win over the task's own options. */
export interface EnqueueOptions extends AcbTaskOptions {
  /** Your id for the task: a second enqueue with the same id (while the first is kept) adds nothing. */
  jobId?: string;
  /** Milliseconds before the task becomes due. */
  delayMs?: number;
  /** When the task becomes due (wins over `delayMs`). */
  runAt?: Date | number;
}

/** One item of `enqueueMany()`. */
export interface EnqueueManyItem<P = JsonValue> {
  name: string;
  payload?: P;
  options?: EnqueueOptions;
}
