import {
  BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { CronTime } from 'cron';
import { AcbContext } from '@acb/logger';
import { DuplicateScheduleError } from '../errors/duplicate-schedule.error';
import { InvalidScheduleError } from '../errors/invalid-schedule.error';
import { UnknownScheduleError } from '../errors/unknown-schedule.error';
import type { QueueBackend, ScheduleSpec, ScheduleTick } from '../interfaces/queue-backend.interface';
import type { ResolvedQueuesOptions } from '../queues-options.resolver';
import { QueuesMessages } from '../queues.messages';
import { QUEUE_BACKEND, QUEUES_RESOLVED_OPTIONS } from '../queues.tokens';
import { errorMessage } from '../utils/error-message';
import { intervalToMs, type IntervalSpec } from './interval';

/** A scheduled function. */
export type ScheduledFn = () => unknown;

/** What `Scheduler.list()` reports per schedule. */
export interface ScheduleInfo extends ScheduleSpec {
  running: boolean;
  /** Runs started in this process. */
  runs: number;
  /** Ticks skipped in this process because the previous run was still running. */
  skipped: number;
  lastError?: string;
  /**
   * When the schedule runs next. Cron: the next time the expression matches (in its time zone), whether or not
   * this process fires it. Interval: one interval after the last tick seen here, or after the scheduler started
   * here (on a shared backend another instance may fire it, so this is the expected time); undefined while the
   * scheduler is not started in this process.
   */
  nextRunAt?: Date;
}

interface Entry {
  spec: ScheduleSpec;
  fn: ScheduledFn;
  running?: Promise<void>;
  runs: number;
  skipped: number;
  lastError?: string;
  /** When this process handed the schedule to the backend (interval schedules count from there). */
  scheduledAt?: number;
  /** `firedAt` of the last tick this process saw. */
  lastTickAt?: number;
}

/**
 * Recurring jobs: @AcbCron / @AcbEveryHour / @AcbInterval methods and `cron()` / `interval()` / `everyHour()`.
 * Ticks come from the backend (memory: in process; redis: once across all instances). A tick that arrives while the
 * previous run of the same schedule is still running in this process is SKIPPED (logged, counted), never queued.
 * Schedules fire in processes with `runWorker: true` (or after `start()`); `runNow(name)` runs one by hand.
 */
@Injectable()
export class Scheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('AcbScheduler');
  private readonly entries = new Map<string, Entry>();
  private started = false;

  constructor(
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    @Inject(QUEUES_RESOLVED_OPTIONS) private readonly options: ResolvedQueuesOptions,
  ) {}

  /**
   * Runs `fn` on a cron expression (five fields, or six with seconds) in `timeZone`.
   * @throws InvalidScheduleError for a bad expression or time zone; DuplicateScheduleError for a taken name.
   */
  cron(expression: string, name: string, fn: ScheduledFn, options: { timeZone?: string } = {}): Promise<void> {
    return this.add({ name, cron: expression, timeZone: options.timeZone }, fn);
  }

  /** Runs `fn` every fixed interval (`{ minutes: 5 }`), first one interval after the scheduler starts. */
  interval(every: IntervalSpec, name: string, fn: ScheduledFn): Promise<void> {
    return this.add({ name, everyMs: intervalToMs(every) }, fn);
  }

  /** Runs `fn` at minute 0 of every hour. */
  everyHour(name: string, fn: ScheduledFn, options: { timeZone?: string } = {}): Promise<void> {
    return this.cron('0 * * * *', name, fn, options);
  }

  /** Registers a schedule from its spec (what the decorators use). */
  async add(spec: ScheduleSpec, fn: ScheduledFn): Promise<void> {
    validate(spec);
    if (this.entries.has(spec.name)) throw new DuplicateScheduleError(spec.name);
    const entry: Entry = { spec: { ...spec }, fn, runs: 0, skipped: 0 };
    this.entries.set(spec.name, entry);
    if (this.started) {
      entry.scheduledAt = Date.now();
      await this.backend.schedule(spec, (tick) => this.onTick(tick));
    }
  }

  /** Removes a schedule everywhere (on redis the shared job scheduler too). False if unknown. */
  async remove(name: string): Promise<boolean> {
    if (!this.entries.delete(name)) return false;
    await this.backend.unschedule(name);
    return true;
  }

  /** Every schedule with its counters and `nextRunAt`. */
  list(): ScheduleInfo[] {
    const now = Date.now();
    return [...this.entries.values()].map((entry) => ({
      ...entry.spec,
      running: entry.running !== undefined,
      runs: entry.runs,
      skipped: entry.skipped,
      lastError: entry.lastError,
      nextRunAt: this.nextRunAt(entry, now),
    }));
  }

  /** Runs schedule `name` now, with the same no-overlap rule as a tick: 'skipped' while it is running. */
  async runNow(name: string): Promise<'ran' | 'skipped'> {
    const entry = this.entries.get(name);
    if (!entry) throw new UnknownScheduleError(name);
    return this.run(entry, Date.now());
  }

  /** Hands every schedule to the backend so ticks start arriving. Idempotent. */
  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    for (const entry of this.entries.values()) {
      entry.scheduledAt = Date.now();
      await this.backend.schedule(entry.spec, (tick) => this.onTick(tick));
    }
  }

  /**
   * Stops acting on ticks and waits (up to the worker's shutdown timeout) for runs in progress. Shared schedules
   * stay registered on the backend (other instances keep ticking); `remove()` deletes one.
   */
  async stop(): Promise<void> {
    this.started = false;
    const running = [...this.entries.values()].map((entry) => entry.running).filter((p): p is Promise<void> => !!p);
    if (running.length === 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all(running),
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, this.options.worker.shutdownTimeoutMs);
      }),
    ]);
    clearTimeout(timer);
  }

  async onApplicationBootstrap(): Promise<void> {
    if (this.options.runWorker) await this.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  private async onTick(tick: ScheduleTick): Promise<void> {
    const entry = this.entries.get(tick.name);
    if (!entry || !this.started) return;
    entry.lastTickAt = tick.firedAt;
    await this.run(entry, tick.firedAt);
  }

  private nextRunAt(entry: Entry, now: number): Date | undefined {
    const { cron, everyMs, timeZone } = entry.spec;
    if (cron !== undefined) return new CronTime(cron, timeZone).sendAt().toJSDate();
    const base = entry.lastTickAt ?? entry.scheduledAt;
    if (everyMs === undefined || base === undefined || !this.started) return undefined;
    const periods = Math.max(1, Math.ceil((now - base) / everyMs));
    return new Date(base + periods * everyMs);
  }

  private async run(entry: Entry, firedAt: number): Promise<'ran' | 'skipped'> {
    if (entry.running) {
      entry.skipped++;
      this.logger.warn(QueuesMessages.scheduleSkipped(entry.spec.name));
      return 'skipped';
    }
    entry.runs++;
    const run = AcbContext.run({ taskId: `schedule:${entry.spec.name}:${firedAt}` }, async () => {
      try {
        await entry.fn();
        entry.lastError = undefined;
      } catch (error) {
        entry.lastError = errorMessage(error);
        this.logger.error(QueuesMessages.scheduleFailed(entry.spec.name, entry.lastError));
      }
    });
    entry.running = run;
    try {
      await run;
    } finally {
      entry.running = undefined;
    }
    return 'ran';
  }
}

function validate(spec: ScheduleSpec): void {
  if (typeof spec.name !== 'string' || spec.name.length === 0) throw new InvalidScheduleError(String(spec.name), 'a name is required');
  if ((spec.cron === undefined) === (spec.everyMs === undefined)) {
    throw new InvalidScheduleError(spec.name, 'give exactly one of a cron expression and an interval');
  }
  if (spec.everyMs !== undefined && (!Number.isFinite(spec.everyMs) || spec.everyMs <= 0)) {
    throw new InvalidScheduleError(spec.name, `the interval must be a positive duration, got ${spec.everyMs} ms`);
  }
  if (spec.cron !== undefined) {
    try {
      new CronTime(spec.cron, spec.timeZone);
    } catch (error) {
      throw new InvalidScheduleError(spec.name, errorMessage(error));
    }
  }
}
