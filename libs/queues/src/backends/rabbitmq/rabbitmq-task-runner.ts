import type { Channel, Message, Options } from 'amqplib';
import type { TaskHandlerFn, TaskOutcome } from '../../interfaces/queue-backend.interface';
import type { TaskRecord } from '../../interfaces/task.interface';
import { computeBackoffDelay } from '@acb/common';
import { errorMessage } from '../../utils/error-message';
import type { RabbitConnection } from './rabbitmq-connection';
import { copyRecord, decode, encode, toRecord, type RabbitMessageFormat, type TaskMessage } from './rabbitmq-message';
import { RabbitMqMessages } from './rabbitmq.messages';
import type { RabbitAckBatcher } from './rabbitmq-ack-batcher';
import type { RabbitStatusStore } from './rabbitmq-status-store';
import { delayBucket, type RabbitTopology } from './rabbitmq-topology';

/** The `done` of a run that has not started (one shared promise rather than one per message). */
const SETTLED: Promise<void> = Promise.resolve();

/** A message and the channel that delivered it (acks go to that channel only). */
export interface RabbitDelivery {
  message: Message;
  channel: Channel;
  /** The consumer channel's ack coalescer; absent for one-off gets (acked directly). */
  acks?: RabbitAckBatcher;
}

/** One running attempt. */
export interface RabbitRun {
  readonly delivery: RabbitDelivery;
  readonly controller: AbortController;
  task?: TaskMessage;
  /** Set when a timed-out stop put the message back: the handler's outcome is then ignored. */
  returned: boolean;
  /** Settles when the attempt is over (outcome applied, or returned). */
  done: Promise<void>;
  /**
   * Told once when the attempt is over (a consumer's bookkeeping), with `failure` when its outcome could not be
   * applied; `done` then never rejects. Without it (`runNext`) `done` rejects instead.
   */
  readonly onEnd?: RunEnded;
}

export type RunEnded = (run: RabbitRun, failure?: { error: unknown }) => void;

/**
 * What happens to one delivered message, shared by consumers and `runNext`: re-delay if it is not due yet (a delay
 * bucket let it out early), drop it if it was cancelled, otherwise count the attempt, run the handler and apply the
 * outcome — ack on success; a retry is a NEW message (attempt count in its body) through a delay queue, published
 * and confirmed before the original is acked; the last failure goes to the dead-letter queue with its error.
 */
export class RabbitTaskRunner {
  private readonly declared = new Map<string, number>();
  private readonly cancelled = new Map<string, Set<string>>();

  constructor(
    private readonly connection: RabbitConnection,
    readonly topology: RabbitTopology,
    private readonly store: RabbitStatusStore,
    private readonly delayGraceMs: number,
    private readonly maxCancelled: number,
    /** How messages are written (`backendOptions.messageFormat`); both formats are read. */
    private readonly format: RabbitMessageFormat = 'body',
  ) {}

  /** Declares the work and dead-letter queues of `queue` (on `channel` or the publishing channel). */
  async declare(queue: string, channel?: Channel): Promise<void> {
    const declare = async (name: string, options: Parameters<Channel['assertQueue']>[1]): Promise<void> => {
      if (channel) await channel.assertQueue(name, options);
      else await this.connection.assertQueue(name, options ?? {});
    };
    const work = this.topology.work(queue);
    try {
      await declare(work, this.topology.workArgs(queue));
    } catch (error) {
      // 406 PRECONDITION_FAILED: the queue exists with other arguments, typically x-max-priority on or off.
      if ((error as { code?: unknown }).code === 406) {
        throw new Error(RabbitMqMessages.declareMismatch(work, this.topology.usesPriorities(queue), errorMessage(error)));
      }
      throw error;
    }
    await declare(this.topology.dead(queue), this.topology.deadArgs());
  }

  /** Names of the delay queues this instance declared for `queue`. */
  delayQueues(queue: string): string[] {
    const prefix = `${this.topology.work(queue)}.delay.`;
    return [...this.declared.keys()].filter((name) => name.startsWith(prefix));
  }

  forgetDelayQueues(queue: string): void {
    for (const name of this.delayQueues(queue)) this.declared.delete(name);
  }

  /** Sends a task to its work queue now, or through a delay queue when `delayMs` > 0. Resolves once confirmed. */
  send(task: TaskMessage, delayMs: number): Promise<void> {
    const { content, options } = encode(task, this.format);
    // NOTE: not async: the common case hands back the publish's own promise (no extra promise per task).
    if (delayMs <= 0) return this.connection.publish('', this.topology.work(task.queue), content, options);
    return this.sendDelayed(task, delayMs, content, options);
  }

  private async sendDelayed(task: TaskMessage, delayMs: number, content: Buffer, options: Options.Publish): Promise<void> {
    const bucket = delayBucket(delayMs);
    const name = this.topology.delay(task.queue, bucket);
    // Re-declaring renews the queue's `x-expires` lease, so a used delay queue never expires under a message.
    const last = this.declared.get(name) ?? 0;
    if (Date.now() - last > this.delayGraceMs / 4) {
      await this.connection.assertQueue(name, this.topology.delayArgs(task.queue, bucket, this.delayGraceMs));
      this.declared.set(name, Date.now());
    }
    await this.connection.publish('', name, content, options);
  }

  async sendDead(task: TaskMessage): Promise<void> {
    const { content, options } = encode(task, this.format);
    await this.connection.publish('', this.topology.dead(task.queue), content, options);
  }

  /** Remembers a cancelled id (bounded: the oldest are forgotten beyond `maxCancelled` per queue). */
  markCancelled(queue: string, id: string): void {
    let ids = this.cancelled.get(queue);
    if (!ids) {
      ids = new Set();
      this.cancelled.set(queue, ids);
    }
    ids.add(id);
    for (const old of ids) {
      if (ids.size <= this.maxCancelled) break;
      ids.delete(old);
    }
  }

  clearCancelled(queue: string): void {
    this.cancelled.delete(queue);
  }

  /**
   * A new attempt. `controller` aborts its handler's signal: a consumer passes ONE controller for all its runs (a
   * timed-out stop returns every unfinished run at once), which spares an AbortController per message.
   */
  newRun(delivery: RabbitDelivery, controller: AbortController = new AbortController(), onEnd?: RunEnded): RabbitRun {
    return { delivery, controller, returned: false, done: SETTLED, onEnd };
  }

  /**
   * Runs one delivery to its end; `run.done` is the returned promise. Never rejects for a handler failure (that is an
   * outcome); rejects when the outcome could not be applied (the message is then re-delivered: at least once).
   */
  process(queue: string, delivery: RabbitDelivery, handler: TaskHandlerFn, run: RabbitRun): Promise<void> {
    try {
      run.done = this.processRun(queue, delivery, handler, run);
    } catch (error) {
      run.done = run.onEnd ? SETTLED : Promise.reject(error);
      run.onEnd?.(run, { error });
    }
    return run.done;
  }

  /** The attempt is over: tells `onEnd`, or (without it) rethrows a failure into `done`. */
  private end(run: RabbitRun, failure?: { error: unknown }): void {
    if (run.onEnd) run.onEnd(run, failure);
    else if (failure) throw failure.error;
  }

  /** `end` once `applying` settles. */
  private endAfter(run: RabbitRun, applying: Promise<void>): Promise<void> {
    return applying.then(
      () => this.end(run),
      (error: unknown) => this.end(run, { error }),
    );
  }

  /** A timed-out stop: abort the handler, put the message back untouched (attempt not counted). */
  returnToQueue(queue: string, run: RabbitRun): boolean {
    if (run.returned) return false;
    run.returned = true;
    run.controller.abort(new Error('Worker stopped'));
    this.nack(run.delivery);
    if (run.task) this.store.put(toRecord(run.task, 'pending'), false);
    return true;
  }

  ack({ message, channel, acks }: RabbitDelivery): void {
    try {
      if (acks) acks.ack(message);
      else channel.ack(message);
    } catch {
      // The channel is gone: the broker has re-queued the message already.
    }
  }

  nack({ message, channel, acks }: RabbitDelivery): void {
    try {
      if (acks) acks.nack(message);
      else channel.nack(message, false, true);
    } catch {
      // The channel is gone: the broker has re-queued the message already.
    }
  }

  /**
   * NOTE: written with explicit `then`s rather than as one async function: a completed task then costs this runner
   * one promise (the handler's `then`) instead of five or six (the async function, its awaits, the outcome's), which
   * counts where AsyncLocalStorage is on (every ACB app): each promise runs the async-hooks init callback.
   */
  private processRun(queue: string, delivery: RabbitDelivery, handler: TaskHandlerFn, run: RabbitRun): Promise<void> {
    const task = decode(delivery.message, queue);
    const now = Date.now();
    if (task.dueAt > now) return this.endAfter(run, this.send(task, task.dueAt - now).then(() => this.ack(delivery)));
    // NOTE: every cancel this process made or heard is in `cancelled` (bounded like the store's records), so the
    // store's own record need not be read here.
    if (this.cancelled.get(queue)?.has(task.id)) {
      this.ack(delivery);
      this.end(run);
      return SETTLED;
    }
    run.task = task;
    const record = toRecord(task, 'active');
    record.attempts = task.attempts + 1;
    record.startedAt = now;
    if (this.store.shared) {
      // A cancel from an instance whose broadcast this one missed (it connected later) is in the shared store.
      return this.store.claim(record).then(
        (claimed) => {
          if (claimed) return this.runHandler(task, record, delivery, handler, run);
          this.ack(delivery);
          this.end(run);
          return undefined;
        },
        (error: unknown) => this.end(run, { error }),
      );
    }
    this.store.put(record, false);
    return this.runHandler(task, record, delivery, handler, run);
  }

  private runHandler(task: TaskMessage, record: TaskRecord, delivery: RabbitDelivery, handler: TaskHandlerFn, run: RabbitRun): Promise<void> {
    let running: Promise<TaskOutcome>;
    try {
      running = handler(copyRecord(record), run.controller.signal);
    } catch (error) {
      running = Promise.reject(error);
    }
    return running.then(
      (outcome) => this.settle(task, record, outcome, delivery, run),
      (error: unknown) => this.settle(task, record, { status: 'failed', error: errorMessage(error), retryable: true }, delivery, run),
    );
  }

  /**
   * Applies an attempt's outcome (unless a timed-out stop returned the message meanwhile), then ends the run.
   * NOTE: a completed task is settled synchronously, with no promise; only a retry or a dead letter publishes.
   */
  private settle(task: TaskMessage, record: TaskRecord, outcome: TaskOutcome, delivery: RabbitDelivery, run: RabbitRun): Promise<void> | undefined {
    let applying: Promise<void> | undefined;
    try {
      if (!run.returned) {
        if (outcome.status === 'completed') this.complete(record, outcome.result, delivery);
        else applying = this.apply(task, record, outcome, delivery);
      }
    } catch (error) {
      this.end(run, { error });
      return undefined;
    }
    if (applying) return this.endAfter(run, applying);
    this.end(run);
    return undefined;
  }

  /**
   * Ack, and the record becomes `completed`. The record is the one stored at the start of the attempt, updated in
   * place (a copy per task cost an object spread and a `delete`; progress reported meanwhile is kept the same way).
   */
  private complete(record: TaskRecord, result: TaskRecord['result'], delivery: RabbitDelivery): void {
    this.ack(delivery);
    record.status = 'completed';
    record.finishedAt = Date.now();
    if (record.error !== undefined) delete record.error;
    if (result !== undefined) record.result = result;
    this.store.put(record, false);
  }

  private async apply(task: TaskMessage, record: TaskRecord, outcome: TaskOutcome, delivery: RabbitDelivery): Promise<void> {
    const now = Date.now();
    if (outcome.status === 'interrupted') {
      this.nack(delivery);
      this.store.put(toRecord(task, 'pending'), false);
      return;
    }
    if (outcome.status === 'completed') {
      this.complete(record, outcome.result, delivery);
      return;
    }
    const attempts = record.attempts;
    if (!outcome.retryable || attempts > task.maxRetries) {
      const dead: TaskMessage = { ...task, attempts, error: outcome.error, deadAt: now, dueAt: task.dueAt };
      await this.sendDead(dead);
      this.ack(delivery);
      this.store.put({ ...toRecord(dead, 'dead'), startedAt: record.startedAt }, false);
      return;
    }
    const delay = computeBackoffDelay(task.backoff, attempts);
    const retry: TaskMessage = { ...task, attempts, error: outcome.error, dueAt: now + delay };
    await this.send(retry, delay);
    this.ack(delivery);
    this.store.put({ ...toRecord(retry, delay > 0 ? 'failed' : 'pending'), startedAt: record.startedAt }, true);
  }
}
