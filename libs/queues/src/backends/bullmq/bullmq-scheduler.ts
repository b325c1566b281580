import type { LoggerService } from '@nestjs/common';
import { Queue, UnrecoverableError, Worker } from 'bullmq';
import type Redis from 'ioredis';
import type { RedisOptions } from 'ioredis';
import type { ScheduleSpec, ScheduleTick } from '../../interfaces/queue-backend.interface';
import { errorMessage } from '../../utils/error-message';
import { BullMqMessages } from './bullmq.messages';
import { toBullConnection } from './bullmq.options';

/** The internal BullMQ queue (under the backend's prefix) whose job schedulers produce the ticks. */
export const SCHEDULE_QUEUE = '__acb_schedules';

/**
 * Schedules on Redis: one BullMQ job scheduler per schedule name (`upsertJobScheduler`). The scheduler produces one
 * job per tick; whichever instance's internal worker takes that job calls the registered `onTick`, so a tick runs
 * once across all instances sharing the prefix.
 */
export class BullMqScheduler {
  private readonly ticks = new Map<string, (tick: ScheduleTick) => Promise<void>>();
  private queue?: Queue;
  private worker?: Worker;

  constructor(
    private readonly client: Redis,
    private readonly redis: RedisOptions,
    private readonly prefix: string,
    private readonly concurrency: number,
    private readonly logger: LoggerService,
  ) {}

  async schedule(spec: ScheduleSpec, onTick: (tick: ScheduleTick) => Promise<void>): Promise<void> {
    const queue = this.ensureQueue();
    this.ticks.set(spec.name, onTick);
    const repeat =
      spec.cron !== undefined
        ? { pattern: spec.cron, ...(spec.timeZone ? { tz: spec.timeZone } : {}) }
        : { every: Math.max(1, Math.floor(spec.everyMs ?? 0)) };
    await queue.upsertJobScheduler(spec.name, repeat, {
      name: spec.name,
      data: {},
      opts: { removeOnComplete: { count: 100 }, removeOnFail: { count: 100 } },
    });
    await this.ensureWorker();
  }

  async unschedule(name: string): Promise<void> {
    this.ticks.delete(name);
    if (this.queue) await this.queue.removeJobScheduler(name);
  }

  async close(): Promise<void> {
    this.ticks.clear();
    await this.worker?.close();
    await this.queue?.close();
  }

  private ensureQueue(): Queue {
    if (!this.queue) {
      this.queue = new Queue(SCHEDULE_QUEUE, { connection: this.client, prefix: this.prefix });
      this.queue.on('error', (error) =>
        this.logger.warn?.(BullMqMessages.connectionError('schedule queue', errorMessage(error))),
      );
    }
    return this.queue;
  }

  private async ensureWorker(): Promise<void> {
    if (this.worker) return;
    this.worker = new Worker(
      SCHEDULE_QUEUE,
      async (job) => {
        const onTick = this.ticks.get(job.name);
        if (!onTick) throw new UnrecoverableError(BullMqMessages.unknownSchedule(job.name));
        // The tick's due time: the scheduler created the job `delay` ms before it was due.
        await onTick({ name: job.name, firedAt: job.timestamp + (job.delay ?? 0) });
      },
      { connection: toBullConnection(this.redis), prefix: this.prefix, concurrency: this.concurrency },
    );
    this.worker.on('error', (error) =>
      this.logger.warn?.(BullMqMessages.connectionError('schedule worker', errorMessage(error))),
    );
    await this.worker.waitUntilReady();
  }
}
