import type { LoggerService } from '@nestjs/common';
import type { Channel } from 'amqplib';
import { CronJob } from 'cron';
import type { ScheduleSpec, ScheduleTick } from '../../interfaces/queue-backend.interface';
import { errorMessage } from '../../utils/error-message';
import type { RabbitConnection } from './rabbitmq-connection';
import { RabbitMqMessages } from './rabbitmq.messages';

interface Registered {
  stop(): void;
}

/**
 * Schedules on RabbitMQ: ONE LEADER per prefix ticks. Leadership is a lease held through RabbitMQ itself: an
 * exclusive queue (`<prefix>.__acb_scheduler_lease`) that only one connection can own. The owner runs every
 * registered schedule's timer; the others retry taking the queue every `leaseRetryMs`. When the leader's connection
 * dies or closes, RabbitMQ deletes the queue and another instance takes over within `leaseRetryMs`.
 * Timers are aligned to the clock (cron times, or multiples of `everyMs` since the epoch), so a new leader does not
 * repeat the tick its predecessor ran; a tick due exactly during a failover can be missed (at most once).
 */
export class RabbitScheduler {
  private readonly schedules = new Map<string, { spec: ScheduleSpec; onTick: (tick: ScheduleTick) => Promise<void> }>();
  private readonly running = new Map<string, Registered>();
  private leaseChannel?: Channel;
  private retryTimer?: NodeJS.Timeout;
  private acquiring = false;
  private closed = false;

  constructor(
    private readonly connection: RabbitConnection,
    private readonly leaseQueue: string,
    private readonly leaseRetryMs: number,
    private readonly logger: LoggerService,
  ) {}

  get isLeader(): boolean {
    return this.leaseChannel !== undefined;
  }

  async schedule(spec: ScheduleSpec, onTick: (tick: ScheduleTick) => Promise<void>): Promise<void> {
    this.unschedule(spec.name);
    this.schedules.set(spec.name, { spec, onTick });
    if (this.isLeader) this.startTimer(spec.name);
    else await this.tryAcquire();
    this.armRetry();
  }

  unschedule(name: string): void {
    this.running.get(name)?.stop();
    this.running.delete(name);
    this.schedules.delete(name);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.retryTimer) clearInterval(this.retryTimer);
    for (const timer of this.running.values()) timer.stop();
    this.running.clear();
    this.schedules.clear();
    const channel = this.leaseChannel;
    this.leaseChannel = undefined;
    if (channel) await channel.close().catch(() => undefined);
  }

  private armRetry(): void {
    if (this.retryTimer || this.closed) return;
    this.retryTimer = setInterval(() => {
      if (!this.isLeader && this.schedules.size > 0) void this.tryAcquire();
    }, Math.max(50, this.leaseRetryMs));
    this.retryTimer.unref();
  }

  private async tryAcquire(): Promise<void> {
    if (this.acquiring || this.isLeader || this.closed || this.connection.isClosed) return;
    this.acquiring = true;
    let channel: Channel | undefined;
    try {
      channel = await this.connection.probeChannel();
      // Refused with RESOURCE_LOCKED (and the channel closed) while another connection owns the queue.
      await channel.assertQueue(this.leaseQueue, { exclusive: true, durable: false, autoDelete: false });
      if (this.closed) {
        await channel.close().catch(() => undefined);
        return;
      }
      const owned = channel;
      owned.on('close', () => {
        if (this.leaseChannel !== owned) return;
        this.leaseChannel = undefined;
        for (const timer of this.running.values()) timer.stop();
        this.running.clear();
      });
      this.leaseChannel = owned;
      this.logger.log(RabbitMqMessages.leaseAcquired(this.leaseQueue));
      for (const name of this.schedules.keys()) this.startTimer(name);
    } catch {
      if (channel) await channel.close().catch(() => undefined);
    } finally {
      this.acquiring = false;
    }
  }

  private startTimer(name: string): void {
    const entry = this.schedules.get(name);
    if (!entry || this.running.has(name)) return;
    const { spec, onTick } = entry;
    const fire = (firedAt: number): void => {
      if (!this.isLeader) return;
      onTick({ name, firedAt }).catch((error: unknown) =>
        this.logger.warn?.(RabbitMqMessages.scheduleFailed(name, errorMessage(error))),
      );
    };
    if (spec.cron !== undefined) {
      const job = CronJob.from({
        cronTime: spec.cron,
        onTick: () => fire(Date.now()),
        start: true,
        timeZone: spec.timeZone ?? null,
        unrefTimeout: true,
      });
      this.running.set(name, { stop: () => void job.stop() });
      return;
    }
    const every = Math.max(1, Math.floor(spec.everyMs ?? 0));
    let timer: NodeJS.Timeout | undefined;
    let stopped = false;
    let last = Number.NEGATIVE_INFINITY;
    const arm = (): void => {
      // NOTE: Node may run a timer a millisecond early; never re-arm for the tick that just fired.
      const next = Math.max((Math.floor(Date.now() / every) + 1) * every, last + every);
      timer = setTimeout(() => {
        if (stopped) return;
        last = next;
        fire(next);
        arm();
      }, Math.max(0, next - Date.now()));
      timer.unref();
    };
    arm();
    this.running.set(name, {
      stop: () => {
        stopped = true;
        if (timer) clearTimeout(timer);
      },
    });
  }
}
