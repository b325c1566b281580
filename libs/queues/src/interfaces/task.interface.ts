import type { BackoffOptions } from '@acb/common';

/**
 * Task types shared by the Queue facade, the Worker, every backend and the conformance suite.
 * All times are epoch milliseconds (numbers) so that records cross process boundaries as JSON unchanged.
 */

/** A JSON value: what a task payload and a task result may be. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * Where a task stands.
 * - `pending`   ready to run (due), waiting for a worker;
 * - `delayed`   not due yet (`delayMs` / `enqueueIn` / `enqueueAt`), invisible to workers until due;
 * - `active`    a worker runs it now;
 * - `completed` the handler resolved; `result` holds what it returned;
 * - `failed`    the last attempt failed (`error` holds why) and a retry is scheduled after the backoff delay;
 *               once the retry is due a backend may report it as `pending` again;
 * - `dead`      retries are exhausted (or the failure was not retryable): kept in the dead letters with `error`;
 * - `cancelled` cancelled before it started;
 * - `unknown`   this process cannot know where the task stands now: it last saw it waiting (its own enqueue, a retry
 *               its worker scheduled, a cancel it requested) and what happened since happened in whatever process
 *               consumed it. Only the rabbitmq backend without a shared status store (`backendOptions.statusStoreUrl`)
 *               reports it; `localStatus` then says what this process last recorded. Memory and redis never do.
 */
export type TaskStatus = 'pending' | 'delayed' | 'active' | 'completed' | 'failed' | 'dead' | 'cancelled' | 'unknown';

/** Every status: the lifecycle in order, then `unknown` (not a stage of the lifecycle, a gap in one process's view). */
export const TASK_STATUSES: readonly TaskStatus[] = [
  'pending',
  'delayed',
  'active',
  'completed',
  'failed',
  'dead',
  'cancelled',
  'unknown',
];

/**
 * What `getPendingTasks()` lists: tasks that have not started (`pending`, `delayed`, `failed` awaiting a retry) and
 * tasks whose fate this process cannot see (`unknown`: last seen waiting here; they may still be waiting, or not).
 */
export const WAITING_TASK_STATUSES: readonly TaskStatus[] = ['pending', 'delayed', 'failed', 'unknown'];

/** Named priorities. Numbers are accepted too, see `TASK_PRIORITY` in queues.constants.ts. */
export type TaskPriorityName = 'critical' | 'high' | 'normal' | 'low';

/** What the Queue facade hands a backend to store one task. Everything is already validated and normalised. */
export interface EnqueueRequest {
  /** Task id. Either the caller's `jobId` (then `deduplicate` is true) or a fresh random id made by the facade (`newTaskId`). */
  id: string;
  /** When true, `id` came from the caller's `jobId`: if a task with this id already exists, nothing is added. */
  deduplicate: boolean;
  /** Registered task name (`send_email`). */
  name: string;
  /** Queue name (`default` unless the task or the call says otherwise). */
  queue: string;
  /** Already checked to be JSON-serialisable. */
  payload: JsonValue;
  /** Integer 0..MAX_TASK_PRIORITY (10); a higher number runs first. */
  priority: number;
  /** Milliseconds before the task becomes due; 0 = due now. */
  delayMs: number;
  /** Retries after the first attempt: a task runs at most `maxRetries + 1` times. */
  maxRetries: number;
  /** Fully resolved backoff (all fields set). */
  backoff: Required<BackoffOptions>;
  /** Per-attempt time limit the Worker enforces; 0 = none. Stored so any worker sees it. */
  timeoutMs: number;
}

/** A stored task as `getTask()`, the pending list and the dead letters report it. */
export interface TaskRecord {
  id: string;
  name: string;
  queue: string;
  payload: JsonValue;
  priority: number;
  status: TaskStatus;
  /**
   * Attempts started, counting the running one. An attempt interrupted by a shutdown or a crash (the task went
   * back to the queue) does not count. Survives restarts on persistent backends.
   */
  attempts: number;
  maxRetries: number;
  backoff: Required<BackoffOptions>;
  timeoutMs: number;
  /** When the task was enqueued (epoch ms). */
  createdAt: number;
  /** When the task is (or was) due (epoch ms). */
  runAt: number;
  /** When the current or last attempt started. */
  startedAt?: number;
  /** When the task reached `completed`, `dead` or `cancelled`. */
  finishedAt?: number;
  /** The handler's return value once `completed`. */
  result?: JsonValue;
  /** The last failure's message (`failed`, `dead`), e.g. `Error: boom` or the no-handler reason. */
  error?: string;
  /** What the handler last reported with `ctx.progress()` (a percentage, or any JSON value); kept across attempts. */
  progress?: JsonValue;
  /**
   * Only with `status: 'unknown'`: the status this process itself last gave the task — `pending`/`delayed` (its
   * enqueue, or its worker put the task back), `failed` (its worker scheduled a retry), `cancelled` (it asked for
   * the cancellation, which it cannot confirm), `dead` (its worker dead-lettered it, and the task is no longer in the
   * dead letters: another process retried or purged it). Whatever happened since happened in another process.
   */
  localStatus?: TaskStatus;
}

/**
 * What `cancel()` did: `true` the task had not started and now never runs; `false` nothing was cancelled (no record
 * of the id here, or it is active or finished); `'requested'` the cancellation was sent to every consumer (each drops
 * the task if it receives it later) but whether the task had already started elsewhere cannot be known here — only
 * the rabbitmq backend without a shared status store answers it, for a task whose status is `unknown`. Truthy like
 * `true`: the task will not START after this call in any consumer connected now.
 */
export type CancelResult = boolean | 'requested';

/** What the Queue facade returns from `enqueue()`. */
export interface TaskHandle {
  id: string;
  name: string;
  queue: string;
  /** True when a task with the same `jobId` already existed and nothing was added. */
  deduplicated: boolean;
}
