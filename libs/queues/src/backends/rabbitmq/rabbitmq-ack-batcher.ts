import type { Channel, Message } from 'amqplib';

/**
 * Coalesces the acks of ONE consumer channel. `ack` only marks a delivery as done; once the current callback and its
 * promise jobs are over (`process.nextTick`, queued from them) the longest run of done deliveries at the head of the
 * channel's outstanding ones is acked with a single `basic.ack(multiple)`, and done deliveries behind a still-running
 * one are acked one by one. Every delivery of one socket read runs in one such callback, so the tasks it completes
 * share one ack; a `setImmediate` (the earlier choice) coalesced no more but sent the ack one event-loop turn later,
 * which at prefetch 10 held the next deliveries back (measured: docs/redis-rabbitmq.md).
 * So a message is still acked only after its outcome is stored (at-least-once is unchanged); the broker just gets
 * one frame for several acks. Measured: see docs/redis-rabbitmq.md.
 *
 * NOTE: a multiple-ack settles EVERY unacked delivery up to its tag on the channel, so every delivery of the
 * channel must be registered with `delivered()` before anything is acked; the consumer does that for each message.
 */
export class RabbitAckBatcher {
  /** Unsettled deliveries by delivery tag, in delivery order (tags grow on a channel). */
  private readonly outstanding = new Map<number, Message>();
  private readonly done = new Map<number, Message>();
  private scheduled = false;

  constructor(private readonly channel: Channel) {}

  /** Registers a delivery of this channel (call before any ack/nack of it). */
  delivered(message: Message): void {
    this.outstanding.set(message.fields.deliveryTag, message);
  }

  /** Marks a delivery as done; the ack is sent once the current callback's promise jobs are over (or by `flush`). */
  ack(message: Message): void {
    this.done.set(message.fields.deliveryTag, message);
    if (this.scheduled) return;
    this.scheduled = true;
    process.nextTick(this.flushScheduled);
  }

  private readonly flushScheduled = (): void => {
    if (!this.scheduled) return;
    try {
      this.flush();
    } catch {
      // The channel is gone: the broker has re-queued these deliveries already.
    }
  };

  /** Sends pending acks first (a nack must not be overtaken by an earlier ack), then nacks with requeue. */
  nack(message: Message): void {
    this.flush();
    this.outstanding.delete(message.fields.deliveryTag);
    this.channel.nack(message, false, true);
  }

  /** Sends every pending ack now. Throws like `channel.ack` when the channel is gone (the broker re-queued them). */
  flush(): void {
    this.scheduled = false;
    if (this.done.size === 0) return;
    let head: Message | undefined;
    for (const [tag, message] of this.outstanding) {
      if (!this.done.has(tag)) break;
      head = message;
      this.outstanding.delete(tag);
      this.done.delete(tag);
    }
    if (this.done.size === 0) {
      if (head) this.channel.ack(head, true);
      return;
    }
    const rest = [...this.done.values()];
    this.done.clear();
    for (const message of rest) this.outstanding.delete(message.fields.deliveryTag);
    if (head) this.channel.ack(head, true);
    for (const message of rest) this.channel.ack(message);
  }
}
