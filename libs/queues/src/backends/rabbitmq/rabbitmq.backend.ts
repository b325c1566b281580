import type { Channel, GetMessage } from 'amqplib';
import type {
  ConsumeOptions,
  QueueBackend,
  QueueBackendOptions,
  QueueConsumer,
  ScheduleSpec,
  ScheduleTick,
  TaskHandlerFn,
} from '../../interfaces/queue-backend.interface';
import type { CancelResult, EnqueueRequest, JsonValue, TaskRecord, TaskStatus } from '../../interfaces/task.interface';
import { QueueBackendClosedError } from '../../errors/queue-backend-closed.error';
import { RabbitCancelBroadcast, type CancelNotice } from './rabbitmq-cancel-broadcast';
import { RabbitConnection } from './rabbitmq-connection';
import { RabbitConsumer } from './rabbitmq-consumer';
import { decode, fromRequest, toRecord, type TaskMessage } from './rabbitmq-message';
import { resolveMessageFormat, resolveRabbitMqExtra, resolveStatusStoreUrl, toAmqpUrl, type RabbitMqExtraOptions } from './rabbitmq.options';
import { RabbitSharedStatus } from './rabbitmq-shared-status';
import { RabbitScheduler } from './rabbitmq-scheduler';
import { RabbitStatusStore } from './rabbitmq-status-store';
import { RabbitTaskRunner } from './rabbitmq-task-runner';
import { RabbitTopology } from './rabbitmq-topology';
import { RabbitMqMessages } from './rabbitmq.messages';
import { assertPriorityAllowed, resolvePriorities } from '../queue-priorities';

const FINISHED: ReadonlySet<TaskStatus> = new Set(['completed', 'dead', 'cancelled']);
/** Stored statuses a task can be cancelled in (it has not started). */
const WAITING: ReadonlySet<TaskStatus> = new Set(['pending', 'delayed', 'failed']);
/**
 * Without a shared store: statuses this process knows to be current (its own consumers run or finished the task).
 * Every other stored status is reported as `unknown`; a dead letter is read from the shared dead-letter queue.
 */
const KNOWN_HERE: readonly TaskStatus[] = ['active', 'completed'];
/** Without a shared store: the stored statuses reported as `unknown` (this process last saw the task waiting). */
const UNKNOWN_HERE: readonly TaskStatus[] = ['pending', 'delayed', 'failed', 'cancelled'];

/**
 * The RabbitMQ backend, on amqplib with its connection recovery. Durable queues (`x-max-priority` where the queue uses
 * priorities, `backendOptions.priorities`), persistent
 * messages, manual acks, `prefetch = concurrency`; delays through per-TTL delay queues that dead-letter back into the
 * work queue (no plugin); retries re-published with an attempt header through those delay queues; a dead-letter queue
 * per queue. Task states for `getTask`/pending lists live in a per-process status store (a task this process last saw
 * waiting reads `unknown`: another process may have run it since), or in a shared one on Redis with
 * `backendOptions.statusStoreUrl` (every process gives the same answer); dead letters are read from their queue. Schedules: one leader per prefix through an exclusive-queue lease. See libs/queues/docs/redis-rabbitmq.md.
 */
export class RabbitMqQueueBackend implements QueueBackend {
  readonly name = 'rabbitmq';
  private readonly extra: RabbitMqExtraOptions;
  private readonly topology: RabbitTopology;
  private readonly store: RabbitStatusStore;
  /** The shared status store on Redis (`backendOptions.statusStoreUrl`); without it records are per process. */
  private readonly shared?: RabbitSharedStatus;
  private readonly connection: RabbitConnection;
  private readonly runner: RabbitTaskRunner;
  private readonly scheduler: RabbitScheduler;
  private readonly cancels: RabbitCancelBroadcast;
  private readonly consumers = new Set<RabbitConsumer>();
  private readonly declaredQueues = new Map<string, Promise<void>>();
  /** Queues whose declaration has completed (`enqueue`'s fast path skips awaiting it). */
  private readonly readyQueues = new Set<string>();
  private drainChannel?: Promise<Channel>;
  private connected = false;
  private closed = false;

  constructor(private readonly options: QueueBackendOptions) {
    this.extra = resolveRabbitMqExtra(options.extra);
    this.topology = new RabbitTopology(
      options.prefix,
      this.extra.queueExpiresMs,
      resolvePriorities(options.extra?.priorities, (reason) => new Error(RabbitMqMessages.invalidExtra('priorities', reason))),
    );
    const statusStoreUrl = resolveStatusStoreUrl(options.extra);
    if (statusStoreUrl) {
      this.shared = new RabbitSharedStatus({
        url: statusStoreUrl,
        prefix: options.prefix,
        keepRecords: this.extra.keepRecords,
        ttlMs: this.extra.statusTtlMs,
        logger: options.logger,
      });
    }
    this.store = new RabbitStatusStore(this.extra.keepRecords, this.shared);
    this.connection = new RabbitConnection({
      url: toAmqpUrl(options.connection),
      initialConnectRetries: this.extra.initialConnectRetries,
      maxReconnectDelayMs: this.extra.maxReconnectDelayMs,
      logger: options.logger,
    });
    this.runner = new RabbitTaskRunner(
      this.connection,
      this.topology,
      this.store,
      this.extra.delayQueueGraceMs,
      this.extra.keepRecords,
      resolveMessageFormat(options.extra),
    );
    this.cancels = new RabbitCancelBroadcast(
      this.connection,
      this.topology.cancelExchange(),
      (notice) => this.heardCancel(notice),
      options.logger,
    );
    this.scheduler = new RabbitScheduler(this.connection, this.topology.lease(), this.extra.leaseRetryMs, options.logger);
  }

  async connect(): Promise<void> {
    await this.shared?.connect();
    try {
      await this.connection.open();
    } catch (error) {
      await this.shared?.close();
      throw error;
    }
    this.connected = true;
    if (!this.shared) this.options.logger.log(RabbitMqMessages.localStatusOnly());
    await this.cancels.start();
    await Promise.all(this.options.queues.map((queue) => this.declare(queue)));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.consumers].map((consumer) => consumer.stop(0)));
    await this.scheduler.close();
    await this.cancels.close();
    const drain = this.drainChannel;
    this.drainChannel = undefined;
    if (drain) await (await drain.catch(() => undefined))?.close().catch(() => undefined);
    await this.connection.close();
    await this.shared?.close();
  }

  async ping(): Promise<void> {
    this.assertOpen();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('RabbitMQ did not answer in time')), this.extra.pingTimeoutMs);
    });
    try {
      await Promise.race([
        (async () => {
          const channel = await this.connection.probeChannel();
          await channel.checkQueue(this.topology.work(this.options.queues[0] ?? 'default')).catch(() => undefined);
          await channel.close().catch(() => undefined);
        })(),
        timeout,
      ]);
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * NOTE: not an async function: when the queue is declared and no shared store is used (the common case) an enqueue
   * costs this backend two promises (the publish's confirm and one `then`), not five; where AsyncLocalStorage is on
   * (every ACB app) each promise runs the async-hooks init callback.
   */
  enqueue(request: EnqueueRequest): Promise<{ id: string; deduplicated: boolean }> {
    try {
      this.assertOpen();
      assertPriorityAllowed(request, this.topology.usesPriorities(request.queue));
      const existing = this.store.get(request.queue, request.id);
      if (existing) {
        if (request.deduplicate) return Promise.resolve({ id: request.id, deduplicated: true });
        throw new Error(`Task id ${request.id} already exists in queue ${request.queue}`);
      }
      if (this.shared || !this.readyQueues.has(request.queue)) return this.enqueueDeclaring(request);
      const now = Date.now();
      const task = fromRequest(request, now);
      const delayMs = Math.max(0, request.delayMs);
      // Recorded before the publish: a fast consumer in this process may start it before the confirm arrives.
      this.store.putLocal(toRecord(task, delayMs > 0 ? 'delayed' : 'pending'));
      return this.runner.send(task, delayMs).then(
        () => ({ id: request.id, deduplicated: false }),
        (error: unknown) => {
          this.store.delete(request.queue, request.id);
          throw error;
        },
      );
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** `enqueue` that first declares the queue (once) or writes the shared store. */
  private async enqueueDeclaring(request: EnqueueRequest): Promise<{ id: string; deduplicated: boolean }> {
    await this.declare(request.queue);
    const now = Date.now();
    const task = fromRequest(request, now);
    const delayMs = Math.max(0, request.delayMs);
    const record = toRecord(task, delayMs > 0 ? 'delayed' : 'pending');
    // Recorded before the publish: a fast consumer (in this process or, with the shared store, any) may start it
    // before the confirm arrives. The shared store also deduplicates a jobId across processes.
    if (this.shared && !(await this.shared.insert(record))) {
      if (request.deduplicate) return { id: request.id, deduplicated: true };
      throw new Error(`Task id ${request.id} already exists in queue ${request.queue}`);
    }
    this.store.putLocal(record);
    try {
      await this.runner.send(task, delayMs);
    } catch (error) {
      this.store.delete(request.queue, request.id);
      await this.shared?.delete(request.queue, request.id);
      throw error;
    }
    return { id: request.id, deduplicated: false };
  }

  async getTask(queue: string, id: string): Promise<TaskRecord | undefined> {
    const known = this.shared ? await this.shared.get(queue, id) : this.store.get(queue, id);
    // Per process, a task this process saw dead is looked up in the dead-letter queue (shared): any process may have
    // retried or purged it since; not there any more, it reads `unknown`.
    if (known && (this.shared || known.status !== 'dead')) return this.present(known);
    let found: TaskRecord | undefined;
    await this.browseDead(queue, (task) => {
      if (task.id !== id) return 'keep';
      found = toRecord(task, 'dead');
      return 'stop';
    });
    return found ?? (known && this.present(known));
  }

  async listTasks(queue: string, statuses: readonly TaskStatus[], limit = 1000): Promise<TaskRecord[]> {
    const wanted = new Set(statuses);
    const notDead = [...wanted].filter((status) => status !== 'dead');
    const local = (
      this.shared
        ? (await this.shared.list(queue, notDead, Math.max(0, limit))).map((record) => this.present(record))
        : this.store.list(queue, this.storedStatusesFor(wanted), (record) => this.present(record))
    ).filter((record) => wanted.has(record.status));
    const open = local.filter((record) => !FINISHED.has(record.status));
    const finished = local.filter((record) => FINISHED.has(record.status));
    if (wanted.has('dead')) {
      const dead: TaskRecord[] = [];
      await this.browseDead(queue, (task) => {
        dead.push(toRecord(task, 'dead'));
        return dead.length >= limit ? 'stop' : 'keep';
      });
      finished.push(...dead.reverse());
      finished.sort((a, b) => (b.finishedAt ?? b.createdAt) - (a.finishedAt ?? a.createdAt));
    }
    return [...open, ...finished].slice(0, Math.max(0, limit));
  }

  async cancel(queue: string, id: string): Promise<CancelResult> {
    if (!this.shared) return this.requestCancel(queue, id);
    const record = await this.shared.get(queue, id);
    if (!record || !WAITING.has(record.status)) return false;
    // The message stays in RabbitMQ (it cannot be removed from the middle of a queue); the consumer that receives it
    // acks and drops it: in this process from the store, in the others from the broadcast notice.
    this.runner.markCancelled(queue, id);
    const cancelled: TaskRecord = { ...record, status: 'cancelled', finishedAt: Date.now() };
    await this.shared?.write(cancelled);
    this.store.putLocal(cancelled, false);
    await this.cancels.publish({ queue, id });
    return true;
  }

  async updateProgress(queue: string, id: string, progress: JsonValue): Promise<void> {
    const local = this.store.get(queue, id);
    const record = local ?? (this.shared ? await this.shared.get(queue, id) : undefined);
    if (!record) return;
    // NOTE: the running attempt's record is the stored object: updated in place, so its outcome record keeps it.
    if (local) local.progress = progress;
    const updated: TaskRecord = { ...record, progress };
    await this.shared?.write(updated);
    if (!local) this.store.putLocal(updated, false);
  }

  /** A cancellation announced by any instance (this one included). */
  private heardCancel({ queue, id }: CancelNotice): void {
    this.runner.markCancelled(queue, id);
    const record = this.store.get(queue, id);
    if (record && (record.status === 'pending' || record.status === 'delayed' || record.status === 'failed')) {
      // The cancelling instance wrote the shared store already.
      this.store.putLocal({ ...record, status: 'cancelled', finishedAt: Date.now() }, false);
    }
  }

  async retryDead(queue: string, id: string): Promise<boolean> {
    let retried = false;
    await this.browseDead(queue, async (task) => {
      if (task.id !== id) return 'keep';
      await this.revive(task);
      retried = true;
      return 'take-stop' as const;
    });
    return retried;
  }

  async retryAllDead(queue: string): Promise<number> {
    let count = 0;
    await this.browseDead(queue, async (task) => {
      await this.revive(task);
      count++;
      return 'take' as const;
    });
    return count;
  }

  async purgeDead(queue: string): Promise<number> {
    this.assertOpen();
    await this.declare(queue);
    const channel = await this.connection.probeChannel();
    try {
      const { messageCount } = await channel.purgeQueue(this.topology.dead(queue));
      for (const record of this.store.list(queue, ['dead'])) this.store.delete(queue, record.id);
      if (this.shared) {
        for (const record of await this.shared.list(queue, ['dead'], this.extra.keepRecords)) await this.shared.delete(queue, record.id);
      }
      return messageCount;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  async obliterate(queue: string): Promise<void> {
    this.assertOpen();
    await this.declare(queue);
    const channel = await this.connection.probeChannel();
    try {
      await channel.purgeQueue(this.topology.work(queue));
      await channel.purgeQueue(this.topology.dead(queue));
      for (const name of this.runner.delayQueues(queue)) await channel.purgeQueue(name).catch(() => undefined);
    } finally {
      await channel.close().catch(() => undefined);
    }
    this.store.clear(queue);
    await this.shared?.clear(queue);
    this.runner.clearCancelled(queue);
  }

  /**
   * Not part of the QueueBackend contract: deletes the work, dead-letter and (known) delay queues of `queue` from the
   * broker. For tests and admin scripts that created a queue on a shared broker and must leave nothing behind.
   */
  async deleteQueue(queue: string): Promise<void> {
    this.assertOpen();
    const names = [this.topology.work(queue), this.topology.dead(queue), ...this.runner.delayQueues(queue)];
    for (const name of names) {
      const channel = await this.connection.probeChannel();
      await channel.deleteQueue(name).catch(() => undefined);
      await channel.close().catch(() => undefined);
    }
    this.runner.forgetDelayQueues(queue);
    this.declaredQueues.delete(queue);
    this.readyQueues.delete(queue);
    this.store.clear(queue);
    await this.shared?.clear(queue);
  }

  async consume(queue: string, options: ConsumeOptions, handler: TaskHandlerFn): Promise<QueueConsumer> {
    this.assertOpen();
    await this.declare(queue);
    const consumer = new RabbitConsumer(
      this.connection,
      this.runner,
      queue,
      Math.max(1, Math.floor(options.concurrency)),
      handler,
      this.options.logger,
      (stopped) => this.consumers.delete(stopped),
      options.onStalled,
    );
    this.consumers.add(consumer);
    await consumer.start();
    return consumer;
  }

  async runNext(queue: string, handler: TaskHandlerFn): Promise<boolean> {
    this.assertOpen();
    await this.declare(queue);
    for (;;) {
      const channel = await this.drain();
      let message: GetMessage | false;
      try {
        message = await channel.get(this.topology.work(queue), { noAck: false });
      } catch (error) {
        this.drainChannel = undefined;
        throw error;
      }
      if (!message) return false;
      const delivery = { message, channel };
      // A message let out early by a delay bucket is sent on through the next one; then look further.
      const due = decode(message, queue).dueAt <= Date.now();
      await this.runner.process(queue, delivery, handler, this.runner.newRun(delivery));
      if (due) return true;
    }
  }

  async schedule(spec: ScheduleSpec, onTick: (tick: ScheduleTick) => Promise<void>): Promise<void> {
    this.assertOpen();
    await this.scheduler.schedule(spec, onTick);
  }

  async unschedule(name: string): Promise<void> {
    this.scheduler.unschedule(name);
  }

  /** Whether this instance holds the scheduler lease (runs the schedules). */
  get isScheduleLeader(): boolean {
    return this.scheduler.isLeader;
  }

  // --- internals ------------------------------------------------------------------------------------------------

  /**
   * How a stored record is reported. Without a shared store, a task this process last saw waiting (its enqueue, a
   * retry or a return to the queue by its worker, a cancel it asked for) is `unknown`, with that status in
   * `localStatus`: whatever consumed it since did so in any process. Otherwise a delayed or retrying task whose due
   * time has passed is reported `pending`, as RabbitMQ holds it by then.
   */
  private present(record: TaskRecord): TaskRecord {
    const copy = structuredClone(record);
    if (!this.shared && !KNOWN_HERE.includes(copy.status)) {
      copy.localStatus = copy.status;
      copy.status = 'unknown';
      delete copy.finishedAt;
      return copy;
    }
    if ((copy.status === 'delayed' || copy.status === 'failed') && copy.runAt <= Date.now()) copy.status = 'pending';
    return copy;
  }

  /** Without a shared store: the stored statuses that are reported as one of `wanted` (see `present`). */
  private storedStatusesFor(wanted: ReadonlySet<TaskStatus>): TaskStatus[] {
    // Dead letters are listed from their queue (shared), not from these records.
    const stored = KNOWN_HERE.filter((status) => wanted.has(status));
    return wanted.has('unknown') ? [...stored, ...UNKNOWN_HERE] : stored;
  }

  /**
   * `cancel` without a shared store. This process cannot know whether a consumer elsewhere has started the task, so
   * it never answers true: for a task it last saw waiting (or already asked to cancel) it records the request, tells
   * every consumer through the broadcast (whichever receives the task later drops it) and answers `'requested'`; for
   * one its own consumers run or finished it answers false, as for an id it has no record of.
   */
  private async requestCancel(queue: string, id: string): Promise<CancelResult> {
    const record = this.store.get(queue, id);
    if (!record || (!WAITING.has(record.status) && record.status !== 'cancelled')) return false;
    this.runner.markCancelled(queue, id);
    if (record.status !== 'cancelled') this.store.putLocal({ ...record, status: 'cancelled', finishedAt: Date.now() }, false);
    await this.cancels.publish({ queue, id });
    return 'requested';
  }

  private declare(queue: string): Promise<void> {
    let declared = this.declaredQueues.get(queue);
    if (!declared) {
      const declaring = this.runner.declare(queue);
      declared = declaring;
      declaring.then(
        () => {
          if (this.declaredQueues.get(queue) === declaring) this.readyQueues.add(queue);
        },
        () => this.declaredQueues.delete(queue),
      );
      this.declaredQueues.set(queue, declared);
    }
    return declared;
  }

  private drain(): Promise<Channel> {
    if (!this.drainChannel) {
      const created = this.connection.channel().then((channel) => {
        channel.on('close', () => {
          if (this.drainChannel === created) this.drainChannel = undefined;
        });
        return channel;
      });
      created.catch(() => {
        if (this.drainChannel === created) this.drainChannel = undefined;
      });
      this.drainChannel = created;
    }
    return this.drainChannel;
  }

  /** Back to the work queue, due now, attempts reset, last error kept for the record. */
  private async revive(task: TaskMessage): Promise<void> {
    const revived: TaskMessage = { ...task, attempts: 0, dueAt: Date.now() };
    delete revived.deadAt;
    await this.runner.send(revived, 0);
    const record = toRecord(revived, 'pending');
    await this.shared?.write(record);
    this.store.putLocal(record);
  }

  /**
   * Reads the dead-letter queue without consuming it: `get` each message unacked, let `visit` decide, then close the
   * channel so every kept message returns to the queue in its order. 'take' acks (the visitor re-published it).
   */
  private async browseDead(
    queue: string,
    visit: (task: TaskMessage) => 'keep' | 'stop' | 'take' | 'take-stop' | Promise<'keep' | 'stop' | 'take' | 'take-stop'>,
  ): Promise<void> {
    this.assertOpen();
    await this.declare(queue);
    const channel = await this.connection.probeChannel();
    try {
      for (let seen = 0; seen < this.extra.keepRecords; seen++) {
        const message = await channel.get(this.topology.dead(queue), { noAck: false });
        if (!message) return;
        const decision = await visit(decode(message, queue));
        if (decision === 'take' || decision === 'take-stop') channel.ack(message);
        if (decision === 'stop' || decision === 'take-stop') return;
      }
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  private assertOpen(): void {
    if (this.closed || !this.connected) throw new QueueBackendClosedError(this.name);
  }
}

