import { randomUUID } from 'node:crypto';
import { Job, Queue, UnrecoverableError, Worker, type BackoffStrategy, type MinimalJob } from 'bullmq';
import Redis, { type RedisOptions } from 'ioredis';
import type {
  ConsumeOptions,
  QueueBackend,
  QueueBackendOptions,
  QueueConsumer,
  ScheduleSpec,
  ScheduleTick,
  TaskHandlerFn,
  TaskOutcome,
} from '../../interfaces/queue-backend.interface';
import type { EnqueueRequest, JsonValue, TaskRecord, TaskStatus } from '../../interfaces/task.interface';
import { QueueBackendClosedError } from '../../errors/queue-backend-closed.error';
import { computeBackoffDelay } from '@acb/common';
import { errorMessage } from '../../utils/error-message';
import { BullMqConsumer, TaskAttemptError } from './bullmq-consumer';
import { taskSettings, toJobOptions, toTaskRecord, toTaskStatus, TRIM_COMPLETED_SCRIPT, trimInterval, type TaskJob } from './bullmq-job-mapping';
import { BullMqMessages } from './bullmq.messages';
import { describeRedis, resolveBullMqExtra, toBullConnection, toRedisOptions, type BullMqExtraOptions } from './bullmq.options';
import { BullMqScheduler } from './bullmq-scheduler';
import { assertPriorityAllowed, resolvePriorities } from '../queue-priorities';

type TaskQueue = Queue<JsonValue, JsonValue, string>;

/** What `enqueue` answers for a job BullMQ stored under a fresh id. */
const stored = (job: { id?: string }): { id: string; deduplicated: boolean } => ({ id: String(job.id), deduplicated: false });

/** BullMQ keeps a delayed job's due time in the score: `due * 0x1000 + counter`. */
const DELAYED_SCORE_FACTOR = 0x1000;

/**
 * The Redis backend, on BullMQ. Every task is a standard BullMQ job of the queue `<queue>` under the prefix
 * (`<prefix>:<queue>:*` keys): job name = task name, data = payload, jobId = task id, so Bull Board and other BullMQ
 * tools show and manage them. Priorities map to BullMQ priorities (1 = first), retries to `attempts` with a custom
 * backoff strategy that runs `computeBackoffDelay`, dead letters to BullMQ's `failed` set, schedules to BullMQ job
 * schedulers. See libs/queues/docs/redis-rabbitmq.md.
 */
export class BullMqQueueBackend implements QueueBackend {
  readonly name = 'redis';
  private readonly redis: RedisOptions;
  private readonly extra: BullMqExtraOptions;
  private readonly queues = new Map<string, TaskQueue>();
  private readonly drainers = new Map<string, Worker<JsonValue, JsonValue, string>>();
  private readonly consumers = new Set<BullMqConsumer>();
  private readonly backoffStrategy: BackoffStrategy;
  /** Completions per queue since its completed set was last trimmed (see `completed`). */
  private readonly completions = new Map<string, number>();
  private readonly trimEvery: number;
  /** Whether a queue uses priorities (`backendOptions.priorities`, see queue-priorities.ts). */
  private readonly usesPriorities: (queue: string) => boolean;
  private client?: Redis;
  private scheduler?: BullMqScheduler;
  private closed = false;

  constructor(private readonly options: QueueBackendOptions) {
    this.redis = toRedisOptions(options.connection);
    this.extra = resolveBullMqExtra(options.extra);
    this.trimEvery = trimInterval(this.extra.keepCompleted);
    this.usesPriorities = resolvePriorities(options.extra?.priorities, (reason) => new Error(BullMqMessages.invalidExtra('priorities', reason)));
    this.backoffStrategy = (attemptsMade: number, _type?: string, _error?: Error, job?: MinimalJob) =>
      computeBackoffDelay(taskSettings(job ?? { opts: {} }).backoff, attemptsMade);
  }

  async connect(): Promise<void> {
    const client = new Redis(this.redis);
    client.on('error', (error) => this.options.logger.warn?.(BullMqMessages.connectionError('client', errorMessage(error))));
    this.client = client;
    try {
      await this.withTimeout(client.ping(), this.extra.connectTimeoutMs, () =>
        BullMqMessages.unreachable(describeRedis(this.redis), this.extra.connectTimeoutMs),
      );
    } catch (error) {
      client.disconnect();
      this.client = undefined;
      throw error;
    }
    for (const queue of this.options.queues) this.queue(queue);
    this.scheduler = new BullMqScheduler(
      client,
      this.redis,
      this.options.prefix,
      this.extra.scheduleConcurrency,
      this.options.logger,
    );
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop(0)));
    await this.scheduler?.close();
    await Promise.all([...this.drainers.values()].map((worker) => worker.close()));
    await Promise.all([...this.queues.values()].map((queue) => queue.close()));
    this.drainers.clear();
    this.queues.clear();
    const client = this.client;
    this.client = undefined;
    // QUIT waits for Redis (commands never give up here), so only a ready connection is closed politely.
    if (client?.status === 'ready') await client.quit().catch(() => client.disconnect());
    else client?.disconnect();
  }

  async ping(): Promise<void> {
    await this.withTimeout(this.requireClient().ping(), this.extra.pingTimeoutMs, () =>
      BullMqMessages.unreachable(describeRedis(this.redis), this.extra.pingTimeoutMs),
    );
  }

  enqueue(request: EnqueueRequest): Promise<{ id: string; deduplicated: boolean }> {
    // NOTE: not async (one promise less per task); what throws before the add is a rejection all the same.
    try {
      const withPriority = this.usesPriorities(request.queue);
      assertPriorityAllowed(request, withPriority);
      const queue = this.queue(request.queue);
      if (request.deduplicate) return this.enqueueWithJobId(queue, request, withPriority);
      // Ids the facade generates are fresh random ids: only a caller's jobId can already exist. One round trip (addJob).
      return queue.add(request.name, request.payload, toJobOptions(request, this.extra.keepCompleted, withPriority)).then(stored);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** `enqueue` of a caller's jobId: the duplicate checks around the add. */
  private async enqueueWithJobId(
    queue: TaskQueue,
    request: EnqueueRequest,
    withPriority: boolean,
  ): Promise<{ id: string; deduplicated: boolean }> {
    if (await this.requireClient().hexists(this.cancelledKey(request.queue), request.id)) {
      return { id: request.id, deduplicated: true };
    }
    // A caller's id that is already stored is a duplicate (the check that serves one producer exactly).
    if ((await this.requireClient().exists(queue.toKey(request.id))) === 1) {
      return { id: request.id, deduplicated: true };
    }
    // BullMQ's addJob script adds nothing when the id exists and returns the existing id; `job.timestamp` of a
    // duplicate is then ours, not the stored one's, so a producer racing another one within the check above is told
    // by the stored creation time (equal only when both fall in the same millisecond).
    const createdAt = Date.now();
    const options = toJobOptions(request, this.extra.keepCompleted, withPriority);
    options.timestamp = createdAt;
    const job = await queue.add(request.name, request.payload, options);
    const found = await this.requireClient().hget(queue.toKey(String(job.id)), 'timestamp');
    return { id: String(job.id), deduplicated: found !== null && Number(found) !== createdAt };
  }

  /**
   * Several tasks, in order: each run of consecutive requests for one queue is one `Queue.addBulk` (one pipelined
   * round trip for the run). Requests with a caller's jobId need the duplicate checks of `enqueue`, so a list holding
   * one is stored one by one.
   */
  async enqueueMany(requests: readonly EnqueueRequest[]): Promise<Array<{ id: string; deduplicated: boolean }>> {
    const withPriority = requests.map((request) => this.usesPriorities(request.queue));
    requests.forEach((request, i) => assertPriorityAllowed(request, withPriority[i]));
    const results: Array<{ id: string; deduplicated: boolean }> = [];
    if (requests.some((request) => request.deduplicate)) {
      for (const request of requests) results.push(await this.enqueue(request));
      return results;
    }
    for (let start = 0; start < requests.length; ) {
      const name = requests[start].queue;
      let end = start + 1;
      while (end < requests.length && requests[end].queue === name) end += 1;
      const jobs = await this.queue(name).addBulk(
        requests.slice(start, end).map((request, i) => ({
          name: request.name,
          data: request.payload,
          opts: toJobOptions(request, this.extra.keepCompleted, withPriority[start + i]),
        })),
      );
      for (const job of jobs) results.push({ id: String(job.id), deduplicated: false });
      start = end;
    }
    return results;
  }

  async getTask(queue: string, id: string): Promise<TaskRecord | undefined> {
    const q = this.queue(queue);
    // NOTE: the state is read before the job: BullMQ stores a result and moves the job to `completed` in one script,
    // so a job read after a `completed` state always carries its result (the other order could see `completed`
    // with the hash read while the task was still running, i.e. without its result).
    const state = await q.getJobState(id);
    const job = (await Job.fromId(q, id)) as TaskJob | undefined;
    if (!job) return this.cancelledRecord(queue, id);
    const status = toTaskStatus(state, job);
    if (!status) return undefined;
    let dueAt: number | undefined;
    if (state === 'delayed') {
      const score = await this.requireClient().zscore(q.toKey('delayed'), id);
      if (score !== null) dueAt = Math.floor(Number(score) / DELAYED_SCORE_FACTOR);
    }
    return toTaskRecord(job, queue, status, dueAt);
  }

  async listTasks(queue: string, statuses: readonly TaskStatus[], limit = 1000): Promise<TaskRecord[]> {
    const q = this.queue(queue);
    const wanted = new Set(statuses);
    const max = Math.max(0, limit);
    if (max === 0) return [];
    const out: TaskRecord[] = [];
    const add = (jobs: (TaskJob | undefined)[], status: TaskStatus): void => {
      for (const job of jobs) if (job) out.push(toTaskRecord(job, queue, status));
    };
    if (wanted.has('pending')) {
      // Run order: the prioritized set ascending, then the plain wait list oldest first.
      add((await q.getJobs(['prioritized'], 0, max - 1, true)) as TaskJob[], 'pending');
      add((await q.getJobs(['wait'], 0, max - 1, true)) as TaskJob[], 'pending');
    }
    if (wanted.has('active')) add((await q.getJobs(['active'], 0, max - 1, true)) as TaskJob[], 'active');
    if (wanted.has('delayed') || wanted.has('failed')) {
      const flat = await this.requireClient().zrange(q.toKey('delayed'), 0, -1, 'WITHSCORES');
      for (let i = 0; i < flat.length && out.length < max; i += 2) {
        const job = (await Job.fromId(q, flat[i])) as TaskJob | undefined;
        if (!job) continue;
        const status = toTaskStatus('delayed', job) as TaskStatus;
        if (wanted.has(status)) out.push(toTaskRecord(job, queue, status, Math.floor(Number(flat[i + 1]) / DELAYED_SCORE_FACTOR)));
      }
    }
    const finished: TaskRecord[] = [];
    if (wanted.has('completed')) {
      for (const job of (await q.getJobs(['completed'], 0, max - 1, false)) as TaskJob[]) {
        if (job) finished.push(toTaskRecord(job, queue, 'completed'));
      }
    }
    if (wanted.has('dead')) {
      for (const job of (await q.getJobs(['failed'], 0, max - 1, false)) as TaskJob[]) {
        if (job) finished.push(toTaskRecord(job, queue, 'dead'));
      }
    }
    if (wanted.has('cancelled')) finished.push(...(await this.cancelledRecords(queue, max)));
    finished.sort((a, b) => (b.finishedAt ?? b.createdAt) - (a.finishedAt ?? a.createdAt));
    return [...out, ...finished].slice(0, max);
  }

  async cancel(queue: string, id: string): Promise<boolean> {
    const q = this.queue(queue);
    const job = (await Job.fromId(q, id)) as TaskJob | undefined;
    if (!job) return false;
    const state = await q.getJobState(id);
    const status = toTaskStatus(state, job);
    if (status !== 'pending' && status !== 'delayed' && status !== 'failed') return false;
    const record = toTaskRecord(job, queue, 'cancelled');
    try {
      // BullMQ refuses to remove a locked (active) job, so a task that started meanwhile is not cancelled.
      await job.remove();
    } catch {
      return false;
    }
    record.finishedAt = Date.now();
    const client = this.requireClient();
    const key = this.cancelledKey(queue);
    const index = `${key}:index`;
    await client
      .multi()
      .hset(key, id, JSON.stringify(record))
      .zadd(index, record.finishedAt, id)
      .exec();
    await this.trimCancelled(queue);
    return true;
  }

  async updateProgress(queue: string, id: string, progress: JsonValue): Promise<void> {
    const job = (await Job.fromId(this.queue(queue), id)) as TaskJob | undefined;
    await job?.updateProgress(progress as number | object);
  }

  async retryDead(queue: string, id: string): Promise<boolean> {
    const q = this.queue(queue);
    const job = (await Job.fromId(q, id)) as TaskJob | undefined;
    if (!job || (await q.getJobState(id)) !== 'failed') return false;
    try {
      await job.retry('failed', { resetAttemptsMade: true, resetAttemptsStarted: true });
      return true;
    } catch {
      return false;
    }
  }

  async retryAllDead(queue: string): Promise<number> {
    const q = this.queue(queue);
    // Oldest first, so retried tasks keep their original order among themselves.
    const ids = (await q.getJobs(['failed'], 0, -1, true)).map((job) => String(job.id));
    let count = 0;
    for (const id of ids) if (await this.retryDead(queue, id)) count++;
    return count;
  }

  async purgeDead(queue: string): Promise<number> {
    const q = this.queue(queue);
    let count = 0;
    for (;;) {
      const removed = await q.clean(0, 1000, 'failed');
      count += removed.length;
      if (removed.length < 1000) return count;
    }
  }

  async obliterate(queue: string): Promise<void> {
    const q = this.queue(queue);
    await q.obliterate({ force: true });
    const key = this.cancelledKey(queue);
    await this.requireClient().del(key, `${key}:index`);
  }

  async consume(queue: string, options: ConsumeOptions, handler: TaskHandlerFn): Promise<QueueConsumer> {
    this.assertOpen();
    this.queue(queue);
    const consumer = new BullMqConsumer(
      {
        queue,
        prefix: this.options.prefix,
        concurrency: Math.max(1, Math.floor(options.concurrency)),
        redis: this.redis,
        extra: this.extra,
        backoffStrategy: this.backoffStrategy,
        logger: this.options.logger,
        onCompleted: () => this.completed(queue),
        onStalled: options.onStalled,
      },
      handler,
      (stopped) => this.consumers.delete(stopped),
    );
    this.consumers.add(consumer);
    await consumer.start();
    return consumer;
  }

  async runNext(queue: string, handler: TaskHandlerFn): Promise<boolean> {
    this.assertOpen();
    this.queue(queue);
    const worker = await this.drainer(queue);
    const token = randomUUID();
    const job = (await worker.getNextJob(token, { block: false })) as TaskJob | undefined;
    if (!job) return false;
    // A manually fetched job has no lock manager: renew its lock while the handler runs.
    const renew = setInterval(() => {
      job.extendLock(token, this.extra.lockDurationMs).catch((error: unknown) =>
        this.options.logger.warn?.(BullMqMessages.lockRenewalFailed(String(job.id), errorMessage(error))),
      );
    }, Math.max(1000, Math.floor(this.extra.lockDurationMs / 2)));
    renew.unref();
    let outcome: TaskOutcome;
    try {
      const record = toTaskRecord(job, queue, 'active');
      record.startedAt = job.processedOn ?? Date.now();
      try {
        outcome = await handler(record, new AbortController().signal);
      } catch (error) {
        outcome = { status: 'failed', error: errorMessage(error), retryable: true };
      }
    } finally {
      clearInterval(renew);
    }
    switch (outcome.status) {
      case 'completed':
        await job.moveToCompleted(outcome.result ?? null, token, false);
        this.completed(queue);
        break;
      case 'failed':
        await job.moveToFailed(
          outcome.retryable ? new TaskAttemptError(outcome.error) : new UnrecoverableError(outcome.error),
          token,
          false,
        );
        break;
      case 'interrupted':
        await job.moveToWait(token);
        break;
    }
    return true;
  }

  async schedule(spec: ScheduleSpec, onTick: (tick: ScheduleTick) => Promise<void>): Promise<void> {
    this.assertOpen();
    await this.requireScheduler().schedule(spec, onTick);
  }

  async unschedule(name: string): Promise<void> {
    await this.scheduler?.unschedule(name);
  }

  /**
   * The BullMQ Queue this backend uses for queue `name` (created on first use): what AcbQueuesModule registers under
   * @nestjs/bullmq's token for `@InjectQueue`, `@Processor` classes and Bull Board.
   */
  bullQueue(name: string): Queue<JsonValue, JsonValue, string> {
    return this.queue(name);
  }

  // --- internals ------------------------------------------------------------------------------------------------

  private queue(name: string): TaskQueue {
    this.assertOpen();
    let queue = this.queues.get(name);
    if (!queue) {
      queue = new Queue<JsonValue, JsonValue, string>(name, {
        connection: this.requireClient(),
        prefix: this.options.prefix,
      });
      queue.on('error', (error) =>
        this.options.logger.warn?.(BullMqMessages.connectionError(`queue ${name}`, errorMessage(error))),
      );
      this.queues.set(name, queue);
    }
    return queue;
  }

  /**
   * Counts a task completed in this process; every `trimEvery` completions of a queue its completed set is trimmed to
   * `keepCompleted` in one script run (so at most `keepCompleted + trimEvery` completed tasks per queue and consumer
   * process are kept between trims). A failed trim is logged; the next one catches up.
   */
  private completed(queue: string): void {
    if (this.extra.keepCompleted === 0) return;
    const count = (this.completions.get(queue) ?? 0) + 1;
    if (count < this.trimEvery) {
      this.completions.set(queue, count);
      return;
    }
    this.completions.set(queue, 0);
    this.trimCompleted(queue).catch((error: unknown) =>
      this.options.logger.warn?.(BullMqMessages.trimFailed(queue, errorMessage(error))),
    );
  }

  /** Trims `queue`'s completed set to its newest `keepCompleted` tasks; returns how many it removed. */
  async trimCompleted(queue: string): Promise<number> {
    if (this.closed || !this.client) return 0;
    const q = this.queue(queue);
    const removed = await this.client.eval(TRIM_COMPLETED_SCRIPT, 1, q.toKey('completed'), q.toKey(''), this.extra.keepCompleted);
    return Number(removed);
  }

  /** The job-less Worker `runNext` fetches with (BullMQ's manual-fetch pattern); one per queue, made on first use. */
  private async drainer(queue: string): Promise<Worker<JsonValue, JsonValue, string>> {
    let worker = this.drainers.get(queue);
    if (!worker) {
      worker = new Worker<JsonValue, JsonValue, string>(queue, null, {
        connection: toBullConnection(this.redis),
        prefix: this.options.prefix,
        lockDuration: this.extra.lockDurationMs,
        settings: { backoffStrategy: this.backoffStrategy },
        autorun: false,
      });
      worker.on('error', (error) =>
        this.options.logger.warn?.(BullMqMessages.connectionError(`drain ${queue}`, errorMessage(error))),
      );
      this.drainers.set(queue, worker);
      await worker.waitUntilReady();
    }
    return worker;
  }

  private cancelledKey(queue: string): string {
    return `${this.options.prefix}:${queue}:acb:cancelled`;
  }

  private async cancelledRecord(queue: string, id: string): Promise<TaskRecord | undefined> {
    const raw = await this.requireClient().hget(this.cancelledKey(queue), id);
    return raw ? (JSON.parse(raw) as TaskRecord) : undefined;
  }

  private async cancelledRecords(queue: string, limit: number): Promise<TaskRecord[]> {
    const key = this.cancelledKey(queue);
    const ids = await this.requireClient().zrevrange(`${key}:index`, 0, limit - 1);
    if (ids.length === 0) return [];
    const raws = await this.requireClient().hmget(key, ...ids);
    return raws.filter((raw): raw is string => raw !== null).map((raw) => JSON.parse(raw) as TaskRecord);
  }

  private async trimCancelled(queue: string): Promise<void> {
    const client = this.requireClient();
    const key = this.cancelledKey(queue);
    const excess = (await client.zcard(`${key}:index`)) - this.extra.keepCancelled;
    if (excess <= 0) return;
    const oldest = await client.zrange(`${key}:index`, 0, excess - 1);
    if (oldest.length > 0) await client.multi().hdel(key, ...oldest).zrem(`${key}:index`, ...oldest).exec();
  }

  private requireClient(): Redis {
    this.assertOpen();
    if (!this.client) throw new QueueBackendClosedError(this.name);
    return this.client;
  }

  private requireScheduler(): BullMqScheduler {
    if (!this.scheduler) throw new QueueBackendClosedError(this.name);
    return this.scheduler;
  }

  private assertOpen(): void {
    if (this.closed) throw new QueueBackendClosedError(this.name);
  }

  private async withTimeout<T>(promise: Promise<T>, ms: number, message: () => string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(message())), ms);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
