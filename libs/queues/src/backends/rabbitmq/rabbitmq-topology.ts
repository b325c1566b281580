import type { Options } from 'amqplib';
import { MAX_TASK_PRIORITY } from '../../queues.constants';

/**
 * Names and arguments of what the backend declares for queue `q` under prefix `p`:
 * - `p.q`              the work queue: durable; with `x-max-priority` = 10 (our priorities map 1:1) when the queue uses
 *                      priorities (`backendOptions.priorities`, see ../queue-priorities.ts), else a plain queue;
 * - `p.q.dead`         the dead letters (durable), each message carrying its last error;
 * - `p.q.delay.<ms>`   delay queues: every message waits `<ms>` (queue TTL), then RabbitMQ dead-letters it back to
 *                      `p.q` through the default exchange. One TTL per queue keeps expiry in FIFO order (a per-message
 *                      TTL only expires at the head). They expire once unused.
 */
export class RabbitTopology {
  /**
   * @param expiresMs `x-expires` of work and dead-letter queues; 0 = they never expire.
   * @param usesPriorities whether a queue is declared as a priority queue; @default every queue
   */
  constructor(
    private readonly prefix: string,
    private readonly expiresMs = 0,
    readonly usesPriorities: (queue: string) => boolean = () => true,
  ) {}

  work(queue: string): string {
    return `${this.prefix}.${queue}`;
  }

  dead(queue: string): string {
    return `${this.prefix}.${queue}.dead`;
  }

  delay(queue: string, ms: number): string {
    return `${this.prefix}.${queue}.delay.${ms}`;
  }

  /** The fanout exchange that carries cancellations to every instance. */
  cancelExchange(): string {
    return `${this.prefix}.__acb_cancel`;
  }

  /** The exclusive queue whose owner runs the schedules. */
  lease(): string {
    return `${this.prefix}.__acb_scheduler_lease`;
  }

  /**
   * A priority queue costs the broker on every message (one internal queue per priority level, walked on each
   * delivery), so only queues that use priorities get `x-max-priority`.
   */
  workArgs(queue: string): Options.AssertQueue {
    const priorities = this.usesPriorities(queue) ? { 'x-max-priority': MAX_TASK_PRIORITY } : {};
    return { durable: true, arguments: { ...priorities, ...this.expiry() } };
  }

  deadArgs(): Options.AssertQueue {
    return { durable: true, arguments: { ...this.expiry() } };
  }

  private expiry(): Record<string, number> {
    return this.expiresMs > 0 ? { 'x-expires': this.expiresMs } : {};
  }

  delayArgs(queue: string, ms: number, graceMs: number): Options.AssertQueue {
    return {
      durable: true,
      arguments: {
        'x-message-ttl': ms,
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': this.work(queue),
        'x-expires': ms + Math.max(1000, graceMs),
      },
    };
  }
}

/**
 * The delay queue a wait of `ms` goes through: `ms` rounded DOWN to three significant bits (at most 4 queues per
 * doubling of the delay). A message comes out less than a quarter of its delay early; the consumer sees that its due
 * time (header) has not come and sends it through the next, shorter delay queue. Waits under 100 ms are exact.
 * So a task never runs early, delay queues stay few, and a year-long `enqueueAt` needs a dozen or so hops.
 */
export function delayBucket(ms: number): number {
  const wait = Math.max(1, Math.floor(ms));
  if (wait < 100) return wait;
  const step = 2 ** Math.max(0, Math.floor(Math.log2(wait)) - 2);
  return Math.floor(wait / step) * step;
}
