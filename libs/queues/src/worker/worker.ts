import { decodeTransportable } from '@acb/common';
import { performance } from 'node:perf_hooks';
import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { AcbContext } from '@acb/logger';
import { NoTaskHandlerError } from '../errors/no-task-handler.error';
import { TaskTimeoutError } from '../errors/task-timeout.error';
import { UnrecoverableTaskError } from '../errors/unrecoverable-task.error';
import type {
  ConsumerStopReport,
  QueueBackend,
  QueueConsumer,
  TaskHandlerFn,
  TaskOutcome,
} from '../interfaces/queue-backend.interface';
import type { TaskContext, TaskLogger } from '../interfaces/task-handler.interface';
import type { JsonValue, TaskRecord } from '../interfaces/task.interface';
import { QueueManager } from '../queue.manager';
import { QueueMetrics } from '../queue-metrics';
import type { ResolvedQueuesOptions } from '../queues-options.resolver';
import { QueuesMessages } from '../queues.messages';
import { QUEUE_BACKEND, QUEUES_RESOLVED_OPTIONS } from '../queues.tokens';
import { TaskRegistry } from '../task.registry';
import { errorMessage } from '../utils/error-message';
import { createTaskLogger } from './task-logger';
import { RateLimiter } from './rate-limiter';
import { TaskEvents, type TaskEvent } from '../events/task-events';

/**
 * Runs tasks. `start()` consumes every queue this process serves (at most `concurrency` tasks at once per queue);
 * `stop()` is graceful; `process()` / `processAll()` drain due tasks in the caller's flow (tests).
 * With `runWorker: true` the module starts it at application bootstrap and stops it before shutdown.
 */
@Injectable()
export class Worker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AcbWorker');
  private consumers: QueueConsumer[] = [];
  private starting?: Promise<void>;
  /** Per-queue rate limiters (`rateLimit` of `@AcbProcessor` / `registerQueueAsync`), made on first use. */
  private readonly limiters = new Map<string, RateLimiter | null>();

  constructor(
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    @Inject(QUEUES_RESOLVED_OPTIONS) private readonly options: ResolvedQueuesOptions,
    private readonly manager: QueueManager,
    private readonly registry: TaskRegistry,
    private readonly metrics: QueueMetrics,
    private readonly events: TaskEvents,
  ) {}

  /** Tasks run at once per queue. */
  get concurrency(): number {
    return this.options.worker.concurrency;
  }

  /** True between `start()` and `stop()`. */
  get running(): boolean {
    return this.starting !== undefined;
  }

  /** Tasks running right now in consumers started by `start()`. */
  get activeCount(): number {
    return this.consumers.reduce((sum, consumer) => sum + consumer.activeCount, 0);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.runWorker) await this.start();
    else if (this.options.backend !== 'memory') this.logger.log(QueuesMessages.noWorkerHere(backendLabel(this.options.backend)));
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Starts consuming every queue this process serves. Idempotent. */
  start(): Promise<void> {
    this.starting ??= (async () => {
      for (const queue of this.manager.workerQueues()) {
        const concurrency = this.registry.queueOptions(queue)?.concurrency ?? this.concurrency;
        this.consumers.push(await this.backend.consume(queue, { concurrency, onStalled: this.onStalled }, this.execute));
      }
    })();
    return this.starting;
  }

  /**
   * Graceful stop: takes no new task, waits up to `timeoutMs` for running ones, then aborts their signals and returns
   * them to the queue (they run again later: at least once).
   * @param timeoutMs @default the module's `worker.shutdownTimeoutMs` (10000)
   */
  async stop(timeoutMs: number = this.options.worker.shutdownTimeoutMs): Promise<ConsumerStopReport> {
    if (!this.starting) return { finished: 0, returned: 0 };
    await this.starting.catch(() => undefined);
    const consumers = this.consumers;
    this.consumers = [];
    this.starting = undefined;
    const reports = await Promise.all(consumers.map((consumer) => consumer.stop(timeoutMs)));
    const total = reports.reduce((sum, r) => ({ finished: sum.finished + r.finished, returned: sum.returned + r.returned }), {
      finished: 0,
      returned: 0,
    });
    if (total.finished + total.returned > 0) this.logger.log(QueuesMessages.workerStopped(total.finished, total.returned));
    return total;
  }

  /** Runs the best due task (queues in order: default, declared, task queues); false when none is due. */
  async process(): Promise<boolean> {
    for (const queue of this.manager.workerQueues()) {
      if (await this.backend.runNext(queue, this.execute)) return true;
    }
    return false;
  }

  /**
   * Runs due tasks one at a time until none is due (retries that become due meanwhile included) and returns how
   * many ran. Delayed tasks stay delayed: with fake timers, advance the clock first. The test helper.
   */
  async processAll(options: { maxTasks?: number } = {}): Promise<number> {
    const max = options.maxTasks ?? Number.POSITIVE_INFINITY;
    let count = 0;
    while (count < max && (await this.process())) count++;
    return count;
  }

  /**
   * The TaskHandlerFn given to the backend: wraps the user's handler. Never rejects. Not async, as nothing below it on
   * the common path is: a task pays the handler's promise and one `then` (each promise also costs the
   * AsyncLocalStorage hooks of AcbContext, process-wide).
   */
  private readonly execute: TaskHandlerFn = (task, signal) => {
    const outcome = this.runTask(task, signal);
    if (!this.events.active) return outcome;
    return outcome.then((settled) => {
      this.report(task, settled);
      return settled;
    });
  };

  private readonly onStalled = (stalled: { id: string; name?: string; queue: string }): void => {
    if (!this.events.listens('stalled')) return;
    void this.events.emit({ type: 'stalled', taskId: stalled.id, name: stalled.name, queue: stalled.queue, at: Date.now() });
  };

  /** Tells the task-event listeners what the attempt came to (not awaited: a listener never delays a task). */
  private report(task: TaskRecord, outcome: Outcome): void {
    if (outcome.status === 'interrupted') return;
    const base = { taskId: task.id, name: task.name, queue: task.queue, attempt: task.attempts, maxRetries: task.maxRetries, at: Date.now() };
    const events: TaskEvent[] = [];
    if (outcome.status === 'completed') {
      events.push({ ...base, type: 'completed', result: outcome.result, durationMs: outcome.durationMs });
    } else {
      events.push({ ...base, type: 'failed', error: outcome.error, durationMs: outcome.durationMs });
      const dead = !outcome.retryable || task.attempts > task.maxRetries;
      events.push({ ...base, type: dead ? 'dead' : 'retrying', error: outcome.error });
    }
    for (const event of events) {
      if (this.events.listens(event.type)) void this.events.emit(event);
    }
  }

  /** The queue's rate limiter, if it has a `rateLimit`. */
  private limiter(queue: string): RateLimiter | undefined {
    let limiter = this.limiters.get(queue);
    if (limiter === undefined) {
      const rateLimit = this.registry.queueOptions(queue)?.rateLimit;
      limiter = rateLimit ? new RateLimiter(rateLimit.max, rateLimit.durationMs) : null;
      this.limiters.set(queue, limiter);
    }
    return limiter ?? undefined;
  }

  private runTask(task: TaskRecord, shutdown: AbortSignal): Promise<Outcome> {
    const entry = this.registry.handlerFor(task.name, task.queue);
    if (!entry) {
      const error = errorMessage(new NoTaskHandlerError(task.name));
      this.metrics.failed(task.queue, task.name, 0, true);
      this.logger.error({ msg: QueuesMessages.taskDead(task.name, task.id, task.attempts, error), taskId: task.id });
      return Promise.resolve({ status: 'failed', error, retryable: false });
    }
    const limiter = this.limiter(task.queue);
    // NOTE: a stop while waiting for a turn returns the task (attempt not counted), as for a running one.
    if (limiter) return limiter.acquire(shutdown).then((turn) => (turn ? this.attempt(entry.handler, task, shutdown) : interrupted()));
    return this.attempt(entry.handler, task, shutdown);
  }

  /** One attempt of the handler, in the task's AcbContext. */
  private attempt(handler: Handler, task: TaskRecord, shutdown: AbortSignal): Promise<Outcome> {
    if (task.timeoutMs > 0) return this.attemptWithTimeout(handler, task, shutdown);
    const started = performance.now();
    const context = new WorkerTaskContext(task, shutdown, this.backend);
    const running = AcbContext.run({ taskId: task.id, requestId: undefined }, () => invoke(handler, task.payload, context));
    // NOTE: without a timeout nothing races the handler: a stop that gives up on it returns the task itself.
    return running.then(
      (result) => this.completed(task, result, started),
      (error: unknown) => this.failed(task, error, shutdown, started),
    );
  }

  /** `attempt` under `timeoutMs`: the handler's signal aborts with a TaskTimeoutError and the attempt fails. */
  private async attemptWithTimeout(handler: Handler, task: TaskRecord, shutdown: AbortSignal): Promise<Outcome> {
    const started = performance.now();
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(new TaskTimeoutError(task.name, task.timeoutMs)), task.timeoutMs);
    timer.unref();
    const signal = AbortSignal.any([shutdown, timeout.signal]);
    const context = new WorkerTaskContext(task, signal, this.backend);
    try {
      const running = AcbContext.run({ taskId: task.id, requestId: undefined }, () => invoke(handler, task.payload, context));
      return this.completed(task, await raceAbort(running, signal), started);
    } catch (error) {
      return this.failed(task, timeout.signal.aborted ? timeout.signal.reason : error, shutdown, started, timeout.signal.aborted);
    } finally {
      clearTimeout(timer);
    }
  }

  private completed(task: TaskRecord, result: unknown, started: number): Outcome {
    const durationMs = performance.now() - started;
    this.metrics.completed(task.queue, task.name, durationMs / 1000);
    return { status: 'completed', result: this.toResult(task, result), durationMs };
  }

  private failed(task: TaskRecord, error: unknown, shutdown: AbortSignal, started: number, timedOut = false): Outcome {
    if (shutdown.aborted) return interrupted();
    const message = errorMessage(error);
    const retryable = timedOut || !(error instanceof UnrecoverableTaskError);
    const dead = !retryable || task.attempts > task.maxRetries;
    const durationMs = performance.now() - started;
    this.metrics.failed(task.queue, task.name, durationMs / 1000, dead);
    if (dead) this.logger.error({ msg: QueuesMessages.taskDead(task.name, task.id, task.attempts, message), taskId: task.id });
    else this.logger.warn({ msg: QueuesMessages.taskFailed(task.name, task.id, task.attempts, message), taskId: task.id });
    return { status: 'failed', error: message, retryable, durationMs };
  }

  /** A handler's return value as a JSON result; a value JSON cannot hold is dropped with a warning. */
  private toResult(task: TaskRecord, result: unknown): JsonValue | undefined {
    if (result === undefined) return undefined;
    try {
      return JSON.parse(JSON.stringify(result)) as JsonValue;
    } catch (error) {
      this.logger.warn({ msg: QueuesMessages.resultNotJson(task.name, errorMessage(error)), taskId: task.id });
      return undefined;
    }
  }
}

/** What an attempt comes to, with its duration when it ran. */
type Outcome = TaskOutcome & { durationMs?: number };
/** A registered handler. */
type Handler = (payload: any, context: TaskContext) => unknown;

/** A fresh outcome object each time: backends may keep what they get. */
const interrupted = (): Outcome => ({ status: 'interrupted' });

/** Settles like `promise`, or rejects with the signal's reason as soon as it aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/** The handler's context; its logger is made on first use (most handlers never log). */
class WorkerTaskContext implements TaskContext {
  readonly taskId: string;
  readonly name: string;
  readonly queue: string;
  readonly attempt: number;
  readonly maxRetries: number;
  private taskLogger?: TaskLogger;

  constructor(
    task: TaskRecord,
    readonly signal: AbortSignal,
    private readonly backend: QueueBackend,
  ) {
    this.taskId = task.id;
    this.name = task.name;
    this.queue = task.queue;
    this.attempt = task.attempts;
    this.maxRetries = task.maxRetries;
  }

  async progress(value: JsonValue): Promise<void> {
    // NOTE: kept as JSON, as results are: a value JSON cannot hold fails here, in the handler that reported it.
    const progress = JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
    if (this.backend.updateProgress) await this.backend.updateProgress(this.queue, this.taskId, progress);
    else this.logger.debug(QueuesMessages.progressNotStored(this.backend.name));
  }

  get logger(): TaskLogger {
    this.taskLogger ??= createTaskLogger(new Logger(`AcbTask:${this.name}`), {
      taskId: this.taskId,
      task: this.name,
      attempt: this.attempt,
    });
    return this.taskLogger;
  }
}

/**
 * Calls a handler with its payload back from the transport form (Dates revived, see @acb/common's serialization
 * contract); a synchronous throw becomes a rejection, an async handler's own promise is used as is.
 */
function invoke(handler: Handler, payload: unknown, context: TaskContext): Promise<unknown> {
  try {
    return Promise.resolve(handler(decodeTransportable(payload), context));
  } catch (error) {
    return Promise.reject(error);
  }
}

/** `redis`, `rabbitmq`, or the class name of a custom backend. */
function backendLabel(backend: ResolvedQueuesOptions['backend']): string {
  return typeof backend === 'string' ? backend : backend.name;
}
