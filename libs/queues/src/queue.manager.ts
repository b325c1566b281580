import { resolveBackoff, type BackoffOptions } from '@acb/common';
import { Inject, Injectable } from '@nestjs/common';
import { InvalidTaskOptionError } from './errors/invalid-task-option.error';
import { UnknownTaskError } from './errors/unknown-task.error';
import type { QueueBackend } from './interfaces/queue-backend.interface';
import type { AcbTaskOptions, EnqueueOptions } from './interfaces/task-handler.interface';
import type { EnqueueRequest } from './interfaces/task.interface';
import { QueueMetrics } from './queue-metrics';
import { Queue } from './queue';
import { unique, type ResolvedQueuesOptions } from './queues-options.resolver';
import { QUEUE_BACKEND, QUEUES_RESOLVED_OPTIONS } from './queues.tokens';
import { TaskRegistry } from './task.registry';
import { checkNonNegative, normalizePriority, toJsonPayload } from './utils/normalize';
import { newTaskId } from './tasks/task-id';

/**
 * Builds Queue facades and turns `enqueue()` calls into complete EnqueueRequests (validation, defaults).
 * Internal: inject `Queue` or `@InjectQueue(name)` instead.
 */
@Injectable()
export class QueueManager {
  private readonly facades = new Map<string, Queue>();
  /**
   * The retry policy of every task that sets none (neither its @AcbTask nor the call): one frozen object shared by
   * their requests and records instead of a new one per enqueue (less garbage per task; a stored memory record is
   * kept until retention drops it). Nothing writes to a request's backoff.
   */
  private readonly defaultBackoff: Readonly<Required<BackoffOptions>>;

  constructor(
    @Inject(QUEUE_BACKEND) readonly backend: QueueBackend,
    @Inject(QUEUES_RESOLVED_OPTIONS) readonly options: ResolvedQueuesOptions,
    readonly registry: TaskRegistry,
    readonly metrics: QueueMetrics,
  ) {
    this.defaultBackoff = Object.freeze(resolveBackoff(undefined, options.backoff));
  }

  /** The facade of queue `name` (one per name). */
  queue(name: string = this.options.defaultQueue): Queue {
    let facade = this.facades.get(name);
    if (!facade) {
      facade = new Queue(name, this);
      this.facades.set(name, facade);
    }
    return facade;
  }

  /** Every queue this app knows: default, declared, and those named by tasks or facades. */
  knownQueues(): string[] {
    return unique([...this.options.queues, ...this.registry.queues(), ...this.facades.keys()]);
  }

  /** The queues this process's worker consumes. */
  workerQueues(): string[] {
    return this.options.worker.queues ?? this.knownQueues();
  }

  /**
   * Validates one enqueue and fills every default. Throws before anything is stored.
   * @param declared the options of a typed definition (`defineTask`): the task is then known even without a handler
   * here, and they are its defaults unless a local handler has its own.
   */
  prepare(facadeQueue: string, name: string, payload: unknown, options: EnqueueOptions = {}, declared?: AcbTaskOptions): EnqueueRequest {
    if (typeof name !== 'string' || name.length === 0) throw new UnknownTaskError(String(name), this.registry.names());
    const taskOptions = this.registry.optionsOf(name) ?? declared;
    if (
      !taskOptions &&
      !this.options.allowRemoteTasks &&
      !this.options.remoteTasks.includes(name) &&
      !this.registry.hasQueueProcessor(options.queue ?? facadeQueue)
    ) {
      throw new UnknownTaskError(name, this.registry.names());
    }
    const defaults = taskOptions ?? {};
    checkNonNegative(name, 'maxRetries', options.maxRetries, true);
    checkNonNegative(name, 'timeoutMs', options.timeoutMs);
    checkNonNegative(name, 'delayMs', options.delayMs);
    let delayMs = options.delayMs ?? 0;
    if (options.runAt !== undefined) {
      const at = options.runAt instanceof Date ? options.runAt.getTime() : options.runAt;
      if (typeof at !== 'number' || !Number.isFinite(at)) {
        throw new InvalidTaskOptionError(name, 'runAt', `${String(options.runAt)} is not a valid date`);
      }
      delayMs = Math.max(0, at - Date.now());
    }
    let id: string;
    if (options.jobId !== undefined) {
      if (typeof options.jobId !== 'string' || options.jobId.length === 0) {
        throw new InvalidTaskOptionError(name, 'jobId', 'it must be a non-empty string');
      }
      id = options.jobId;
    } else {
      id = newTaskId();
    }
    return {
      id,
      deduplicate: options.jobId !== undefined,
      name,
      queue: options.queue ?? defaults.queue ?? facadeQueue,
      payload: toJsonPayload(name, payload),
      priority: normalizePriority(name, options.priority ?? defaults.priority),
      delayMs: Math.round(delayMs),
      maxRetries: options.maxRetries ?? defaults.maxRetries ?? this.options.worker.maxRetries,
      backoff:
        defaults.backoff === undefined && options.backoff === undefined
          ? this.defaultBackoff
          : resolveBackoff({ ...defaults.backoff, ...options.backoff }, this.options.backoff),
      timeoutMs: options.timeoutMs ?? defaults.timeoutMs ?? this.options.timeoutMs,
    };
  }
}
