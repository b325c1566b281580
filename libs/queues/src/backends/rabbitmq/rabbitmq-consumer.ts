import type { Channel } from 'amqplib';
import type { ConsumeOptions, ConsumerStopReport, QueueConsumer, TaskHandlerFn } from '../../interfaces/queue-backend.interface';
import { errorMessage } from '../../utils/error-message';
import { settlesWithin } from '../../utils/settles-within';
import { RabbitAckBatcher } from './rabbitmq-ack-batcher';
import type { RabbitConnection } from './rabbitmq-connection';
import { RabbitMqMessages } from './rabbitmq.messages';
import type { RabbitDelivery, RabbitRun, RabbitTaskRunner, RunEnded } from './rabbitmq-task-runner';

/**
 * `consume()` on RabbitMQ: a channel (on the consumers' connection) with `prefetch = concurrency` consuming the work
 * queue with manual acks.
 * The channel is re-created whenever it closes (connection loss, channel error) until `stop()`; unacked deliveries
 * of a dead channel are re-queued by the broker, so nothing acknowledged is lost and nothing unacknowledged is dropped.
 */
export class RabbitConsumer implements QueueConsumer {
  private readonly runs = new Set<RabbitRun>();
  /** Aborts the signal of every run of this consumer: only a timed-out stop does, and it returns them all. */
  private readonly abort = new AbortController();
  private channel?: Channel;
  private acks?: RabbitAckBatcher;
  private consumerTag?: string;
  private settingUp?: Promise<void>;
  private stopping = false;
  private stopped?: Promise<ConsumerStopReport>;

  constructor(
    private readonly connection: RabbitConnection,
    private readonly runner: RabbitTaskRunner,
    private readonly queue: string,
    private readonly concurrency: number,
    private readonly handler: TaskHandlerFn,
    private readonly logger: { warn?: (message: string) => void },
    private readonly onStopped: (consumer: RabbitConsumer) => void,
    /** Told of each redelivered message (its previous consumer went away without settling it). */
    private readonly onStalled?: ConsumeOptions['onStalled'],
  ) {}

  get activeCount(): number {
    return this.runs.size;
  }

  async start(): Promise<void> {
    await this.setup();
  }

  stop(timeoutMs: number): Promise<ConsumerStopReport> {
    this.stopped ??= this.doStop(timeoutMs);
    return this.stopped;
  }

  private setup(): Promise<void> {
    this.settingUp ??= (async () => {
      for (;;) {
        if (this.stopping || this.connection.isClosed) return;
        try {
          await this.open();
          return;
        } catch (error) {
          if (this.stopping || this.connection.isClosed) return;
          this.logger.warn?.(RabbitMqMessages.channelError(`consumer of ${this.queue}`, errorMessage(error)));
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
      }
    })().finally(() => {
      this.settingUp = undefined;
    });
    return this.settingUp;
  }

  private async open(): Promise<void> {
    const channel = await this.connection.consumerChannel();
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      this.acks = undefined;
      this.consumerTag = undefined;
      if (!this.stopping) void this.setup();
    });
    await this.runner.declare(this.queue, channel);
    await channel.prefetch(this.concurrency);
    this.channel = channel;
    const acks = new RabbitAckBatcher(channel);
    this.acks = acks;
    const { consumerTag } = await channel.consume(
      this.runner.topology.work(this.queue),
      (message) => {
        if (!message) return;
        acks.delivered(message);
        this.onMessage({ message, channel, acks });
      },
      { noAck: false },
    );
    this.consumerTag = consumerTag;
  }

  private onMessage(delivery: RabbitDelivery): void {
    if (this.stopping) {
      // Arrived while stopping: back to the queue untouched (this attempt never started).
      this.runner.nack(delivery);
      return;
    }
    if (this.onStalled && delivery.message.fields.redelivered) {
      const { messageId, type } = delivery.message.properties as { messageId?: string; type?: string };
      if (messageId) this.onStalled({ id: messageId, name: type, queue: this.queue });
    }
    const run = this.runner.newRun(delivery, this.abort, this.runEnded);
    this.runs.add(run);
    // NOTE: the runner calls `runEnded` when the attempt is over (no promise of our own per task); `done` never rejects.
    void this.runner.process(this.queue, delivery, this.handler, run);
  }

  private readonly runEnded: RunEnded = (run, failure) => {
    this.runs.delete(run);
    if (failure) this.logger.warn?.(RabbitMqMessages.channelError(`task of ${this.queue}`, errorMessage(failure.error)));
  };

  private async doStop(timeoutMs: number): Promise<ConsumerStopReport> {
    this.stopping = true;
    const running = [...this.runs];
    const channel = this.channel;
    if (channel && this.consumerTag) await channel.cancel(this.consumerTag).catch(() => undefined);
    const timedOut = running.length > 0 && !(await settlesWithin(Promise.all(running.map((run) => run.done)), timeoutMs));
    let returned = 0;
    if (timedOut) {
      for (const run of [...this.runs]) {
        if (this.runner.returnToQueue(this.queue, run)) returned++;
      }
    }
    try {
      // Acks still coalescing go out before the channel closes (else the broker would re-queue finished tasks).
      this.acks?.flush();
    } catch {
      // The channel is gone: the broker has re-queued those deliveries already.
    }
    this.channel = undefined;
    this.acks = undefined;
    if (channel) await channel.close().catch(() => undefined);
    this.onStopped(this);
    return { finished: running.length - returned, returned };
  }
}
