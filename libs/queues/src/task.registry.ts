import { Injectable } from '@nestjs/common';
import { DuplicateTaskError } from './errors/duplicate-task.error';
import { InvalidQueueProcessingOptionError } from './errors/invalid-queue-processing-option.error';
import type { AcbTaskOptions, QueueProcessingOptions, TaskHandler } from './interfaces/task-handler.interface';
import { QueuesMessages } from './queues.messages';
import { checkNonNegative, normalizePriority } from './utils/normalize';
import { isTaskDefinition, type TaskDefinition } from './tasks/define-task';

/** A registered task. */
export interface RegisteredTask {
  name: string;
  handler: TaskHandler;
  options: AcbTaskOptions;
  /** Where it came from (`EmailTasks.sendEmail`, `programmatic`), for logs. */
  source: string;
}

/**
 * The tasks this application knows: @AcbTask methods (registered by the explorer at module init) and programmatic
 * ones. Public API: other libraries (events `viaQueue`, workflows) register handlers here.
 * One registry per application: two apps in one process do not share tasks.
 */
@Injectable()
export class TaskRegistry {
  private readonly tasks = new Map<string, RegisteredTask>();
  private readonly remote = new Map<string, AcbTaskOptions>();
  /** `process(payload, ctx)` handlers of `@AcbProcessor` classes: every task of their queue no handler claims. */
  private readonly processors = new Map<string, RegisteredTask>();
  private readonly processing = new Map<string, { options: QueueProcessingOptions; source: string }>();

  /**
   * Registers `handler` for task `name` and returns a function that unregisters it. Options are checked now
   * (priority, maxRetries, timeoutMs) so a mistake fails at start.
   * @throws DuplicateTaskError when the name is taken; InvalidTaskOptionError for a bad option.
   */
  register<P, R>(task: TaskDefinition<P, R>, handler: TaskHandler<P, R>, options?: AcbTaskOptions, source?: string): () => void;
  register<P = any>(name: string, handler: TaskHandler<P>, options?: AcbTaskOptions, source?: string): () => void;
  register(task: string | TaskDefinition<unknown, unknown>, handler: TaskHandler, options: AcbTaskOptions = {}, source = 'programmatic'): () => void {
    const name = isTaskDefinition(task) ? task.name : task;
    if (isTaskDefinition(task)) options = { ...task.options, ...options };
    if (this.tasks.has(name)) throw new DuplicateTaskError(name);
    checkTaskOptions(name, options);
    const entry: RegisteredTask = { name, handler: handler as TaskHandler, options: { ...options }, source };
    this.tasks.set(name, entry);
    return () => {
      if (this.tasks.get(name) === entry) this.tasks.delete(name);
    };
  }

  /**
   * Declares a task that another process handles: `enqueue(name)` is accepted here and uses these options
   * (queue, priority, ...), but this process has no handler (its worker dead-letters it if it ever gets one).
   */
  declareRemote(name: string, options: AcbTaskOptions = {}): void {
    checkTaskOptions(name, options);
    this.remote.set(name, { ...options });
  }

  /** The handler registered for `name`. */
  get(name: string): RegisteredTask | undefined {
    return this.tasks.get(name);
  }

  /**
   * Registers the handler of every task of `queue` that no task handler claims (an `@AcbProcessor` class's
   * `process(payload, ctx)`, switching on `ctx.name`); `enqueue()` of any name to `queue` is then accepted.
   * @throws DuplicateTaskError when the queue has one already.
   */
  registerQueueProcessor(queue: string, handler: TaskHandler, source = 'programmatic'): () => void {
    if (this.processors.has(queue)) throw new DuplicateTaskError(`${queue} (queue processor)`);
    const entry: RegisteredTask = { name: `${queue}:process`, handler, options: { queue }, source };
    this.processors.set(queue, entry);
    return () => {
      if (this.processors.get(queue) === entry) this.processors.delete(queue);
    };
  }

  /** The handler of task `name` on `queue`: its own, else the queue's processor. */
  handlerFor(name: string, queue: string): RegisteredTask | undefined {
    return this.tasks.get(name) ?? this.processors.get(queue);
  }

  /** Whether `queue` has a queue processor (then any task name may be enqueued to it). */
  hasQueueProcessor(queue: string): boolean {
    return this.processors.has(queue);
  }

  /**
   * Sets the per-queue processing options of `queue` (concurrency, rate limit) for this process's worker.
   * @throws InvalidQueueProcessingOptionError for a bad value, or when another source set them already.
   */
  setQueueOptions(queue: string, options: QueueProcessingOptions, source = 'programmatic'): void {
    const existing = this.processing.get(queue);
    if (existing) throw new InvalidQueueProcessingOptionError(queue, QueuesMessages.conflictingQueueOptions(queue, existing.source, source));
    checkQueueOptions(queue, options);
    this.processing.set(queue, { options: { ...options }, source });
  }

  /** Per-queue processing options of `queue`, if any were set. */
  queueOptions(queue: string): QueueProcessingOptions | undefined {
    return this.processing.get(queue)?.options;
  }

  has(name: string): boolean {
    return this.tasks.has(name);
  }

  /** Options of a local or remote task, for enqueue defaults. */
  optionsOf(name: string): AcbTaskOptions | undefined {
    return this.tasks.get(name)?.options ?? this.remote.get(name);
  }

  /** Names with a local handler, sorted. */
  names(): string[] {
    return [...this.tasks.keys()].sort();
  }

  /** Queues named by registered and remote tasks. */
  queues(): string[] {
    const queues = new Set<string>();
    for (const options of [...[...this.tasks.values()].map((task) => task.options), ...this.remote.values()]) {
      if (options.queue) queues.add(options.queue);
    }
    for (const queue of [...this.processors.keys(), ...this.processing.keys()]) queues.add(queue);
    return [...queues];
  }
}

function checkQueueOptions(queue: string, options: QueueProcessingOptions): void {
  const bad = (option: string, reason: string): never => {
    throw new InvalidQueueProcessingOptionError(queue, QueuesMessages.invalidQueueOption(queue, option, reason));
  };
  const { concurrency, rateLimit } = options;
  if (concurrency !== undefined && (!Number.isInteger(concurrency) || concurrency < 1)) bad('concurrency', `${String(concurrency)} is not an integer >= 1`);
  if (rateLimit !== undefined) {
    if (!Number.isInteger(rateLimit.max) || rateLimit.max < 1) bad('rateLimit.max', `${String(rateLimit.max)} is not an integer >= 1`);
    if (typeof rateLimit.durationMs !== 'number' || !Number.isFinite(rateLimit.durationMs) || rateLimit.durationMs <= 0) {
      bad('rateLimit.durationMs', `${String(rateLimit.durationMs)} is not a number > 0`);
    }
  }
}

function checkTaskOptions(name: string, options: AcbTaskOptions): void {
  normalizePriority(name, options.priority);
  checkNonNegative(name, 'maxRetries', options.maxRetries, true);
  checkNonNegative(name, 'timeoutMs', options.timeoutMs);
}
