import { SetMetadata } from '@nestjs/common';
import { ACB_SCHEDULE_METADATA } from '../queues.constants';
import { intervalToMs, type IntervalSpec } from '../scheduler/interval';
import { markingTaskOwner } from './task-owner.marker';

/** What the schedule decorators store on a method. */
export interface AcbScheduleMetadata {
  /** Schedule name; defaults to `ClassName.methodName` at discovery. */
  name?: string;
  cron?: string;
  everyMs?: number;
  timeZone?: string;
}

/** Options of @AcbCron. */
export interface AcbCronOptions {
  /** @default 'ClassName.methodName' */
  name?: string;
  /** IANA time zone (`Europe/Paris`). @default the process time zone */
  timeZone?: string;
}

/**
 * Runs the method on a cron expression (five fields, or six with seconds). A tick is skipped while the previous run
 * of the same schedule is still running; on redis a tick runs once across all instances.
 * @example @AcbCron('0 0 * * *') async dailyBackup() { ... }
 */
export function AcbCron(expression: string, options: AcbCronOptions = {}): MethodDecorator {
  return markingTaskOwner(
    SetMetadata<string, AcbScheduleMetadata>(ACB_SCHEDULE_METADATA, {
      name: options.name,
      cron: expression,
      timeZone: options.timeZone,
    }),
  );
}

/** Runs the method at minute 0 of every hour (`0 * * * *`). */
export function AcbEveryHour(options: AcbCronOptions = {}): MethodDecorator {
  return AcbCron('0 * * * *', options);
}

/**
 * Runs the method every fixed interval, first one interval after the scheduler starts.
 * @example @AcbInterval({ minutes: 5 }) async healthCheck() { ... }
 */
export function AcbInterval(every: IntervalSpec & { name?: string }): MethodDecorator {
  return markingTaskOwner(
    SetMetadata<string, AcbScheduleMetadata>(ACB_SCHEDULE_METADATA, {
      name: every.name,
      everyMs: intervalToMs(every),
    }),
  );
}
