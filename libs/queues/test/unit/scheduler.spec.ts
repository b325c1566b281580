import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  AcbCron,
  AcbEveryHour,
  AcbInterval,
  AcbQueuesModule,
  DuplicateScheduleError,
  InvalidScheduleError,
  UnknownScheduleError,
  Scheduler,
} from '@acb/queues';

@Injectable()
class Jobs {
  readonly calls: string[] = [];

  @AcbCron('0 0 * * *', { name: 'daily_backup', timeZone: 'Europe/Paris' })
  dailyBackup(): void {
    this.calls.push('daily');
  }

  @AcbEveryHour()
  cleanupCache(): void {
    this.calls.push('hourly');
  }

  @AcbInterval({ minutes: 5 })
  healthCheck(): void {
    this.calls.push('every5');
  }

  @AcbCron('*/10 * * * * *', { name: 'ten_seconds' })
  everyTenSeconds(): void {
    this.calls.push('ten');
  }
}

describe('Scheduler', () => {
  let module: TestingModule | undefined;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    jest.setSystemTime(new Date('2026-01-01T10:00:00.500Z'));
  });

  afterEach(async () => {
    await module?.close();
    module = undefined;
    jest.useRealTimers();
  });

  async function start(runWorker: boolean): Promise<{ jobs: Jobs; scheduler: Scheduler }> {
    module = await Test.createTestingModule({ imports: [AcbQueuesModule.forRoot({ runWorker })], providers: [Jobs] }).compile();
    module.useLogger(false);
    await module.init();
    return { jobs: module.get(Jobs), scheduler: module.get(Scheduler) };
  }

  it('discovers @AcbCron, @AcbEveryHour and @AcbInterval with their specs and default names', async () => {
    const { scheduler } = await start(false);
    const specs = Object.fromEntries(scheduler.list().map((s) => [s.name, { cron: s.cron, everyMs: s.everyMs, timeZone: s.timeZone }]));
    expect(specs).toEqual({
      daily_backup: { cron: '0 0 * * *', everyMs: undefined, timeZone: 'Europe/Paris' },
      'Jobs.cleanupCache': { cron: '0 * * * *', everyMs: undefined, timeZone: undefined },
      'Jobs.healthCheck': { cron: undefined, everyMs: 300_000, timeZone: undefined },
      ten_seconds: { cron: '*/10 * * * * *', everyMs: undefined, timeZone: undefined },
    });
  });

  it('list() tells when each cron and interval schedule runs next', async () => {
    const { scheduler } = await start(true);
    const next = () => Object.fromEntries(scheduler.list().map((s) => [s.name, s.nextRunAt?.toISOString()]));
    // 2026-01-01T10:00:00.500Z: midnight in Paris is 23:00 UTC; the scheduler started now, so the interval runs in 5 min.
    expect(next()).toEqual({
      daily_backup: '2026-01-01T23:00:00.000Z',
      'Jobs.cleanupCache': '2026-01-01T11:00:00.000Z',
      'Jobs.healthCheck': '2026-01-01T10:05:00.500Z',
      ten_seconds: '2026-01-01T10:00:10.000Z',
    });
    await jest.advanceTimersByTimeAsync(5 * 60 * 1000 + 1000);
    expect(next()).toMatchObject({ 'Jobs.healthCheck': '2026-01-01T10:10:00.500Z', ten_seconds: '2026-01-01T10:05:10.000Z' });
    expect(scheduler.list().every((s) => s.nextRunAt instanceof Date && s.nextRunAt.getTime() > Date.now())).toBe(true);
  });

  it('an interval has no nextRunAt while the scheduler is not started in this process; a cron has one', async () => {
    const { scheduler } = await start(false);
    const byName = Object.fromEntries(scheduler.list().map((s) => [s.name, s.nextRunAt]));
    expect(byName['Jobs.healthCheck']).toBeUndefined();
    expect(byName['Jobs.cleanupCache']?.toISOString()).toBe('2026-01-01T11:00:00.000Z');
  });

  it('fires on schedule once started by runWorker', async () => {
    const { jobs } = await start(true);
    await jest.advanceTimersByTimeAsync(60 * 60 * 1000);
    const count = (name: string) => jobs.calls.filter((c) => c === name).length;
    expect(count('ten')).toBe(360);
    expect(count('every5')).toBe(12);
    expect(count('hourly')).toBe(1);
    expect(count('daily')).toBe(0);
  });

  it('does not fire without runWorker until started; runNow runs by hand', async () => {
    const { jobs, scheduler } = await start(false);
    await jest.advanceTimersByTimeAsync(30_000);
    expect(jobs.calls).toEqual([]);
    expect(await scheduler.runNow('daily_backup')).toBe('ran');
    expect(jobs.calls).toEqual(['daily']);
    await scheduler.start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(jobs.calls).toContain('ten');
  });

  it('runs programmatic cron jobs in their time zone', async () => {
    const { scheduler } = await start(true);
    const fired: string[] = [];
    // 10:00:00.5 UTC = 11:00 in Paris. "at 12:00" in Paris is 11:00 UTC; in UTC it is 12:00 UTC.
    await scheduler.cron('0 12 * * *', 'noon_paris', () => void fired.push(new Date().toISOString()), { timeZone: 'Europe/Paris' });
    await scheduler.cron('0 12 * * *', 'noon_utc', () => void fired.push(`utc ${new Date().toISOString()}`), { timeZone: 'UTC' });
    await jest.advanceTimersByTimeAsync(2 * 60 * 60 * 1000);
    expect(fired).toEqual(['2026-01-01T11:00:00.000Z', 'utc 2026-01-01T12:00:00.000Z']);
  });

  it('skips a tick while the previous run is still running and records errors without crashing', async () => {
    const { scheduler } = await start(true);
    let runs = 0;
    await scheduler.interval({ seconds: 1 }, 'slow', async () => {
      runs++;
      await new Promise((resolve) => setTimeout(resolve, 3500));
      throw new Error('bad run');
    });
    await jest.advanceTimersByTimeAsync(10_000);
    const info = scheduler.list().find((s) => s.name === 'slow');
    expect(runs).toBeGreaterThanOrEqual(2);
    expect(info?.skipped).toBeGreaterThanOrEqual(4);
    expect(info?.runs).toBe(runs);
    expect(info?.lastError).toBe('Error: bad run');
    expect(await scheduler.remove('slow')).toBe(true);
    expect(await scheduler.remove('slow')).toBe(false);
  });

  it('rejects bad expressions, bad intervals, bad time zones and duplicate names', async () => {
    const { scheduler } = await start(false);
    await expect(scheduler.cron('not a cron', 'bad', () => undefined)).rejects.toThrow(InvalidScheduleError);
    await expect(scheduler.cron('0 0 * * *', 'tz', () => undefined, { timeZone: 'Mars/Olympus' })).rejects.toThrow(InvalidScheduleError);
    await expect(scheduler.interval({}, 'zero', () => undefined)).rejects.toThrow(/positive duration/);
    await expect(scheduler.cron('0 0 * * *', 'daily_backup', () => undefined)).rejects.toThrow(DuplicateScheduleError);
    await expect(scheduler.runNow('missing')).rejects.toThrow(UnknownScheduleError);
  });
});
