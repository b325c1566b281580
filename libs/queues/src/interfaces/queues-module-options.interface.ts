import type { QueueBackendClass, QueueConnectionOptions } from './queue-backend.interface';
import type { BackoffOptions } from '@acb/common';

/** Backends the module can load by name. */
export type QueueBackendName = 'memory' | 'redis' | 'rabbitmq';

/** Worker settings (`queue.workers` in settings/adapters.yml). */
export interface QueueWorkerOptions {
  /** Tasks run at once, per queue. @default 10 */
  concurrency?: number;
  /** Retries after the first attempt when the task does not set its own. @default 3 */
  maxRetries?: number;
  /** How long a graceful stop waits for in-flight tasks before returning them to the queue. @default 10000 */
  shutdownTimeoutMs?: number;
  /** Queues this process consumes. @default every known queue (declared, default and those of registered tasks) */
  queues?: string[];
}

/** Options of `AcbQueuesModule.forRoot()` / `forRootAsync()`. */
export interface AcbQueuesModuleOptions {
  /** A backend name, or a class implementing QueueBackend. @default 'memory' */
  backend?: QueueBackendName | QueueBackendClass;
  /** redis / rabbitmq connection (`{ url }` or host/port/...). */
  connection?: QueueConnectionOptions;
  /** Namespace for keys and queue names on a shared server. @default 'acb' */
  prefix?: string;
  /** Queue names declared at start (consumed by the worker; `@InjectQueue(name)` works for any name). */
  queues?: string[];
  /** Queue of tasks that name none. @default 'default' */
  defaultQueue?: string;
  worker?: QueueWorkerOptions;
  /**
   * Backoff of retries when the task sets none (@acb/common's shape and defaults).
   * @default { type: 'exponential', delayMs: 1000, maxDelayMs: 300000, multiplier: 2, jitter: 0.5 }
   */
  backoff?: BackoffOptions;
  /** Per-attempt time limit when the task sets none; 0 = none. @default 0 */
  timeoutMs?: number;
  /** Accept `enqueue()` of names no handler in this app knows (another process runs them). @default false */
  allowRemoteTasks?: boolean;
  /** Names of tasks another process runs: accepted at enqueue without allowing every name. @default [] */
  remoteTasks?: string[];
  /**
   * Consume tasks and fire schedules in this process from application bootstrap until shutdown. Otherwise call
   * `Worker.start()` / `Scheduler.start()` yourself, or drain with `Worker.processAll()` (tests). On redis and
   * rabbitmq a process without it logs one line at start saying that no worker runs in it.
   * @default true on the memory backend (nothing else could run its tasks), false on redis and rabbitmq
   * (a worker process runs them: apps/worker)
   */
  runWorker?: boolean;
  /** Passed untouched to the backend class (`QueueBackendOptions.extra`). @default {} */
  backendOptions?: Record<string, unknown>;
}
