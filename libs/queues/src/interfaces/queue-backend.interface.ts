import type { LoggerService } from '@nestjs/common';
import type { BackoffOptions } from '@acb/common';
import type { CancelResult, EnqueueRequest, JsonValue, TaskRecord, TaskStatus } from './task.interface';

/**
 * THE BACKEND CONTRACT. The Queue facade, the Worker, the Scheduler and the conformance suite only talk to a
 * backend through this interface, so every backend (memory, redis/BullMQ, rabbitmq) behaves the same.
 *
 * Division of work
 * - The FACADE (Queue) validates: known task name, JSON payload, priority range, jobId; it resolves defaults
 *   (priority, maxRetries, backoff, timeoutMs from the @AcbTask options and the module options) and hands the
 *   backend a complete `EnqueueRequest`.
 * - The WORKER wraps the user's handler: AcbContext, logger, timeout (it aborts the signal and reports a
 *   retryable failure), a missing handler (a non-retryable failure with a clear reason), metrics. It never throws
 *   at the backend: it resolves a `TaskOutcome`.
 * - The BACKEND stores tasks and owns every state transition, INCLUDING RETRIES AND BACKOFF: it decides, from the
 *   outcome and the stored record, whether a failed task is retried (`failed`, due again after
 *   `computeBackoffDelay(record.backoff, record.attempts)`) or `dead`. The rule is exact, so the worker can
 *   predict it for metrics:
 *
 *       dead  <=>  outcome.status === 'failed' && (outcome.retryable === false || record.attempts > record.maxRetries)
 *
 *   (`record.attempts` counts the attempt that just failed, so `maxRetries: 3` allows 4 attempts in all.)
 *   Backend-level retries are the natural fit: BullMQ has `attempts` + a custom `backoffStrategy`; RabbitMQ
 *   republishes the message with the new attempt count into a delay queue; memory re-arms a timer.
 *
 * Ordering (conformance-tested): among DUE tasks of one queue, a higher `priority` runs first; equal priorities run
 * in enqueue order (FIFO). A delayed task is invisible until due, then competes by priority. Strictness holds for a
 * single consumer with concurrency 1 and for `runNext`; with concurrency > 1 tasks START in that order.
 *
 * Delivery is AT LEAST ONCE: a task whose worker dies (or whose handler outlives a graceful stop) runs again.
 *
 * Constructor: `new XBackend(options: QueueBackendOptions)`; nothing connects before `connect()`.
 * Classes are loaded lazily by name: 'memory' -> backends/memory/memory.backend.ts `MemoryQueueBackend`,
 * 'redis' -> backends/bullmq/bullmq.backend.ts `BullMqQueueBackend`, 'rabbitmq' -> backends/rabbitmq/rabbitmq.backend.ts
 * `RabbitMqQueueBackend`.
 */
export interface QueueBackend {
  /** 'memory' | 'redis' | 'rabbitmq' (or a custom name). */
  readonly name: string;

  /** Opens connections, declares what must exist for `options.queues`. Called once, on module init. */
  connect(): Promise<void>;
  /**
   * Releases every connection and timer. Consumers still running are stopped first with timeout 0 (their tasks go
   * back to the queue). Idempotent. Called on application shutdown, after the workers have drained.
   */
  close(): Promise<void>;
  /** Resolves when the backend can serve requests; rejects with the cause otherwise (health indicator). */
  ping(): Promise<void>;

  /**
   * Stores a task. With `request.deduplicate` and an existing task of that id (any status, as long as its record
   * is kept), nothing is added and `{ id, deduplicated: true }` is returned.
   */
  enqueue(request: EnqueueRequest): Promise<{ id: string; deduplicated: boolean }>;

  /**
   * Optional: stores several tasks in order, with the same result per request as `enqueue` (e.g. BullMQ `addBulk`,
   * one round trip). Without it, the facade's `enqueueMany` calls `enqueue` once per request.
   */
  enqueueMany?(requests: readonly EnqueueRequest[]): Promise<Array<{ id: string; deduplicated: boolean }>>;

  /**
   * The task's record, or `undefined` when this backend has no record of it (never enqueued, purged, expired by
   * retention — or, on a backend whose records are per process, enqueued and run elsewhere). A backend that keeps a
   * record but cannot know the task's current state answers `status: 'unknown'` (with `localStatus`), never a
   * state it only saw earlier.
   */
  getTask(queue: string, id: string): Promise<TaskRecord | undefined>;

  /**
   * Records of one queue whose status (as `getTask` reports it) is in `statuses`, at most `limit` (default 1000).
   * Order: `pending` in run order (priority, then FIFO), then `delayed`/`failed` by due time, then `unknown` by the
   * due time last known, then the others newest first. The facade's `getPendingTasks()` asks for
   * `WAITING_TASK_STATUSES` (`pending`, `delayed`, `failed`, `unknown`); `deadLetters()` for `['dead']`.
   */
  listTasks(queue: string, statuses: readonly TaskStatus[], limit?: number): Promise<TaskRecord[]>;

  /**
   * Cancels a task that has not started (`pending`, `delayed`, `failed` waiting for a retry): it becomes
   * `cancelled` and never runs; true. Returns false (and changes nothing) for an unknown id, an active or a finished
   * task. For a task whose status is `unknown` (it may have started elsewhere) the backend asks every consumer to drop
   * it and returns `'requested'`, never true (see `CancelResult`).
   */
  cancel(queue: string, id: string): Promise<CancelResult>;

  /**
   * Stores what a running task reported with `ctx.progress(value)`; `getTask` shows it in `progress`. Unknown ids
   * are ignored. Optional for custom backends (then `ctx.progress` only logs at debug level).
   */
  updateProgress?(queue: string, id: string, progress: JsonValue): Promise<void>;

  /** Moves one `dead` task back to `pending` with `attempts` reset to 0 and `error` kept until it runs. False if not dead. */
  retryDead(queue: string, id: string): Promise<boolean>;
  /** `retryDead` for every dead task of the queue; returns how many. */
  retryAllDead(queue: string): Promise<number>;
  /** Deletes every dead task of the queue; returns how many. */
  purgeDead(queue: string): Promise<number>;
  /** Deletes EVERY task of the queue, whatever its status (tests, admin). Consumers of the queue keep running. */
  obliterate(queue: string): Promise<void>;

  /**
   * Starts delivering due tasks of `queue` to `handler`, at most `options.concurrency` at a time (RabbitMQ: prefetch).
   * Before calling `handler` the backend marks the task `active`, increments `attempts` and sets `startedAt`; it
   * passes an AbortSignal it aborts when `stop()` times out. When the handler resolves, the backend applies the
   * outcome (see the rule above). A handler is never expected to reject; if it does, treat it as a retryable failure.
   */
  consume(queue: string, options: ConsumeOptions, handler: TaskHandlerFn): Promise<QueueConsumer>;

  /**
   * THE DRAIN PRIMITIVE (tests, `Worker.process()`): takes the single best due task of `queue` (same order as
   * consume), runs `handler` on it exactly like `consume` does, applies the outcome, and resolves true; resolves false
   * at once when no task is due. Needs no running consumer and starts no timers of its own, so on memory it works
   * under jest fake timers.
   */
  runNext(queue: string, handler: TaskHandlerFn): Promise<boolean>;

  /**
   * SCHEDULING HOOK: fire `onTick` on every tick of `spec` (cron expression or fixed interval).
   * Who guarantees once per tick:
   * - memory: the only instance ticks (a `cron` CronJob / an unref'd interval timer in process);
   * - redis: a BullMQ job scheduler (`upsertJobScheduler`, id = `spec.name`) produces one job per tick, and whichever
   *   instance's internal worker takes it calls `onTick`, so a tick runs ONCE ACROSS ALL INSTANCES;
   * - rabbitmq: documented by the backend (README).
   * Registering a name again replaces the schedule. The Scheduler (not the backend) prevents overlapping runs of
   * one schedule inside a process: it skips a tick while the previous run of that schedule is still running.
   * `onTick` never rejects.
   */
  schedule(spec: ScheduleSpec, onTick: (tick: ScheduleTick) => Promise<void>): Promise<void>;
  /** Stops and forgets a schedule (redis: removes the job scheduler). Unknown names are ignored. */
  unschedule(name: string): Promise<void>;
}

/** What a backend class's constructor gets. Agreed by every backend: `constructor(options: QueueBackendOptions)`. */
export interface QueueBackendOptions {
  /**
   * Connection settings. redis: `{ url }` or `{ host, port, db, username, password }`; rabbitmq: `{ url }` or
   * `{ host, port, username, password, vhost }`; memory: ignored.
   */
  connection: QueueConnectionOptions;
  /**
   * Namespace for every key / queue / exchange name on a shared server (BullMQ `prefix`, RabbitMQ name prefix).
   * Tests use a unique prefix per file. @default 'acb'
   */
  prefix: string;
  /** Queue names known at start (declared on `connect()`); other names are created on first use. */
  queues: string[];
  /** Module-level defaults, already resolved. The facade puts per-task values into every EnqueueRequest. */
  defaults: { maxRetries: number; backoff: Required<BackoffOptions>; timeoutMs: number };
  /** A Nest logger named after the module; backends log connection problems through it. */
  logger: LoggerService;
  /** Backend-specific extras, passed through untouched from the module options `backendOptions`. */
  extra: Record<string, unknown>;
}

/** Connection settings for a networked backend. `url` wins over the separate fields. */
export interface QueueConnectionOptions {
  url?: string;
  host?: string;
  port?: number;
  /** redis database number. */
  db?: number;
  username?: string;
  password?: string;
  /** rabbitmq virtual host. */
  vhost?: string;
  [key: string]: unknown;
}

export interface ConsumeOptions {
  /** How many tasks run at once (RabbitMQ prefetch). >= 1. */
  concurrency: number;
  /**
   * Called when the backend takes a task back from a worker that went away without finishing it and delivers it
   * again (redis: BullMQ's stalled check, in the process that ran it; rabbitmq: a redelivered message). Optional.
   */
  onStalled?: (stalled: { id: string; name?: string; queue: string }) => void;
}

/**
 * What the Worker hands the backend: run one task. `task` is the record after the attempt was counted
 * (status `active`, `attempts` >= 1). `signal` is the backend's: aborted when a graceful stop times out.
 */
export type TaskHandlerFn = (task: TaskRecord, signal: AbortSignal) => Promise<TaskOutcome>;

/** What one attempt came to. */
export type TaskOutcome =
  | { status: 'completed'; result?: JsonValue }
  /** `retryable: false` sends the task to the dead letters at once (e.g. no handler for the task name). */
  | { status: 'failed'; error: string; retryable: boolean }
  /**
   * The attempt was interrupted by a shutdown (the worker saw the stop signal): the task goes back to the queue,
   * due now, and this attempt is not counted.
   */
  | { status: 'interrupted' };

/** A running consumer, returned by `consume()`. */
export interface QueueConsumer {
  /** Tasks running right now. */
  readonly activeCount: number;
  /**
   * Graceful stop. Takes no new task at once; waits up to `timeoutMs` for running handlers; then aborts their signals
   * and returns every still-unfinished task to the queue (due now, this attempt not counted) without waiting for the
   * handler. An outcome that arrives after that is ignored (the task will run again: at least once). Idempotent.
   */
  stop(timeoutMs: number): Promise<ConsumerStopReport>;
}

export interface ConsumerStopReport {
  /** Handlers that settled within the timeout. */
  finished: number;
  /** Tasks returned to the queue unfinished. */
  returned: number;
}

/** One recurring schedule. Exactly one of `cron` and `everyMs` is set. */
export interface ScheduleSpec {
  /** Unique per application (and per prefix on a shared server). */
  name: string;
  /** Five- or six-field cron expression (`0 0 * * *`). */
  cron?: string;
  /** Fixed interval in milliseconds. */
  everyMs?: number;
  /** IANA time zone for `cron` (`Europe/Paris`). @default the process time zone */
  timeZone?: string;
}

export interface ScheduleTick {
  name: string;
  /** When the tick was due (epoch ms). */
  firedAt: number;
}

/** A backend class as the module loads it by name. */
export type QueueBackendClass = new (options: QueueBackendOptions) => QueueBackend;
