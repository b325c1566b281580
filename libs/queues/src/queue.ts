import { decodeTransportable } from '@acb/common';
import type { EnqueueManyItem, EnqueueOptions } from './interfaces/task-handler.interface';
import { WAITING_TASK_STATUSES, type CancelResult, type EnqueueRequest, type TaskHandle, type TaskRecord } from './interfaces/task.interface';
import type { QueueManager } from './queue.manager';
import { isTaskDefinition, type TaskDefinition, type TypedTaskHandle, type TypedTaskRecord } from './tasks/define-task';

/**
 * The producer side: enqueue tasks and inspect one queue. Inject `Queue` for the default queue or
 * `@InjectQueue('name')` for another. A task goes to the queue named by the call's `queue` option, else the one its
 * @AcbTask names, else this facade's queue.
 */
export class Queue {
  /** @internal built by the module */
  constructor(
    /** This facade's queue name. */
    readonly name: string,
    private readonly manager: QueueManager,
  ) {}

  /**
   * Enqueues a task with a JSON payload: by a typed definition (`defineTask<Payload, Result>(name)`: the payload is
   * checked at compile time, the handle carries the result type to `getTask`) or by name.
   * A definition also declares the task here: it is accepted without a local handler (another process runs it),
   * with the definition's options as defaults (a local @AcbTask's options win).
   * @throws UnknownTaskError, InvalidPayloadError, InvalidTaskOptionError — before anything is stored.
   * @example await queue.enqueue('send_email', { recipient, subject, body }, { priority: 'high', jobId: `welcome-${userId}` })
   */
  enqueue<P, R>(task: TaskDefinition<P, R>, payload: NoInfer<P>, options?: EnqueueOptions): Promise<TypedTaskHandle<R>>;
  enqueue<P = unknown>(name: string, payload?: P, options?: EnqueueOptions): Promise<TaskHandle>;
  enqueue(task: string | TaskDefinition<unknown, unknown>, payload?: unknown, options: EnqueueOptions = {}): Promise<TaskHandle> {
    // NOTE: not async: the backend's promise and one `then` are all a task pays; a throw is still a rejection.
    try {
      const definition = isTaskDefinition(task) ? task : undefined;
      const name = definition ? definition.name : (task as string);
      const request = this.manager.prepare(this.name, name, payload, options, definition?.options);
      return this.manager.backend.enqueue(request).then((stored) => {
        if (!stored.deduplicated) this.manager.metrics.enqueued(request.queue, name);
        const handle: TaskHandle = { id: stored.id, name, queue: request.queue, deduplicated: stored.deduplicated };
        return definition ? ({ ...handle, task: definition } as TypedTaskHandle<unknown>) : handle;
      });
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Enqueues a task that becomes due in `seconds`. */
  enqueueIn<P, R>(seconds: number, task: TaskDefinition<P, R>, payload: NoInfer<P>, options?: EnqueueOptions): Promise<TypedTaskHandle<R>>;
  enqueueIn<P = unknown>(seconds: number, name: string, payload?: P, options?: EnqueueOptions): Promise<TaskHandle>;
  enqueueIn(seconds: number, task: string | TaskDefinition<unknown, unknown>, payload?: unknown, options: EnqueueOptions = {}): Promise<TaskHandle> {
    return this.enqueue(task as string, payload, { ...options, delayMs: seconds * 1000, runAt: undefined });
  }

  /** Enqueues a task that becomes due at `at` (a past date means now). */
  enqueueAt<P, R>(at: Date | number, task: TaskDefinition<P, R>, payload: NoInfer<P>, options?: EnqueueOptions): Promise<TypedTaskHandle<R>>;
  enqueueAt<P = unknown>(at: Date | number, name: string, payload?: P, options?: EnqueueOptions): Promise<TaskHandle>;
  enqueueAt(at: Date | number, task: string | TaskDefinition<unknown, unknown>, payload?: unknown, options: EnqueueOptions = {}): Promise<TaskHandle> {
    return this.enqueue(task as string, payload, { ...options, runAt: at });
  }

  /**
   * Enqueues several tasks. Every item is validated first, so one bad item stores none; then they are stored in
   * order (not atomically: a backend failure midway leaves the earlier ones stored). On Redis, consecutive tasks of
   * one queue are stored with one BullMQ `addBulk`.
   */
  async enqueueMany(items: readonly EnqueueManyItem<unknown>[]): Promise<TaskHandle[]> {
    const requests = items.map((item) => this.manager.prepare(this.name, item.name, item.payload, item.options));
    const stored = await this.store(requests);
    return requests.map((request, i) => {
      if (!stored[i].deduplicated) this.manager.metrics.enqueued(request.queue, request.name);
      return { id: stored[i].id, name: request.name, queue: request.queue, deduplicated: stored[i].deduplicated };
    });
  }

  private async store(requests: readonly EnqueueRequest[]): Promise<Array<{ id: string; deduplicated: boolean }>> {
    const backend = this.manager.backend;
    if (backend.enqueueMany) return backend.enqueueMany(requests);
    const stored: Array<{ id: string; deduplicated: boolean }> = [];
    for (const request of requests) stored.push(await backend.enqueue(request));
    return stored;
  }

  /**
   * A task's record: looked up in this queue first, then in every other queue the app knows. With a typed handle
   * (from `enqueue(definition, ...)`) or a definition, `result` has the definition's result type.
   */
  getTask<R>(handle: TypedTaskHandle<R>): Promise<TypedTaskRecord<R> | undefined>;
  getTask<R>(id: string, task: TaskDefinition<any, R>): Promise<TypedTaskRecord<R> | undefined>;
  getTask(id: string | TaskHandle): Promise<TaskRecord | undefined>;
  async getTask(id: string | TaskHandle, _task?: TaskDefinition<any, unknown>): Promise<TaskRecord | undefined> {
    if (typeof id !== 'string') return withPayload(await this.manager.backend.getTask(id.queue, id.id));
    for (const queue of [this.name, ...this.manager.knownQueues().filter((q) => q !== this.name)]) {
      const record = await this.manager.backend.getTask(queue, id);
      if (record) return withPayload(record);
    }
    return undefined;
  }

  /**
   * Tasks of this queue not started yet: due ones in run order, then delayed ones and retries by due time, then (on
   * rabbitmq without `statusStoreUrl` only) tasks this process last saw waiting whose fate it cannot see, as
   * `unknown` — never as `pending`.
   */
  async getPendingTasks(limit?: number): Promise<TaskRecord[]> {
    return (await this.manager.backend.listTasks(this.name, WAITING_TASK_STATUSES, limit)).map(withPayload);
  }

  /**
   * Cancels a task (found like getTask) that has not started: true. False when no record of it is found here, or it
   * is running or finished. `'requested'` (truthy) when its status is `unknown` (rabbitmq without `statusStoreUrl`):
   * every consumer was told to drop it, but whether it had started elsewhere cannot be known here.
   */
  async cancel(id: string | TaskHandle): Promise<CancelResult> {
    const record = await this.getTask(id);
    return record ? this.manager.backend.cancel(record.queue, record.id) : false;
  }

  /** This queue's dead letters, newest first; each keeps its last `error` and `attempts`. */
  async deadLetters(limit?: number): Promise<TaskRecord[]> {
    return (await this.manager.backend.listTasks(this.name, ['dead'], limit)).map(withPayload);
  }

  /** Puts one dead task back to `pending` with a fresh retry budget. */
  retryDead(id: string): Promise<boolean> {
    return this.manager.backend.retryDead(this.name, id);
  }

  /** Retries every dead task of this queue; returns how many. */
  retryAllDead(): Promise<number> {
    return this.manager.backend.retryAllDead(this.name);
  }

  /** Deletes this queue's dead letters; returns how many. */
  purgeDead(): Promise<number> {
    return this.manager.backend.purgeDead(this.name);
  }
}

/** A record with its payload as it was enqueued (Dates revived from the transport form, see normalize.ts). */
function withPayload<R extends TaskRecord | undefined>(record: R): R {
  if (!record) return record;
  const payload = decodeTransportable<TaskRecord['payload']>(record.payload);
  return payload === record.payload ? record : { ...record, payload };
}
