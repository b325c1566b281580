import { Injectable } from '@nestjs/common';
import { Cron, Interval, ScheduleModule, SchedulerRegistry } from '@nestjs/schedule';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbCron, AcbInterval, AcbQueuesModule, Scheduler } from '@acb/queues';

@Injectable()
class Jobs {
  readonly calls: string[] = [];

  @AcbCron('*/10 * * * * *', { name: 'acb_ten_seconds' })
  acbTen(): void {
    this.calls.push('acb-cron');
  }

  @AcbInterval({ seconds: 5, name: 'acb_five_seconds' })
  acbFive(): void {
    this.calls.push('acb-interval');
  }

  @Cron('*/10 * * * * *', { name: 'legacy_ten_seconds' })
  legacyTen(): void {
    this.calls.push('legacy-cron');
  }

  @Interval('legacy_five_seconds', 5000)
  legacyFive(): void {
    this.calls.push('legacy-interval');
  }
}

const count = (calls: string[], what: string): number => calls.filter((call) => call === what).length;

describe('ACB schedules in @nestjs/schedule SchedulerRegistry (memory backend)', () => {
  let app: TestingModule | undefined;

  beforeEach(() => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    jest.setSystemTime(new Date('2026-01-01T10:00:00.500Z'));
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    jest.useRealTimers();
  });

  async function start(imports = [ScheduleModule.forRoot(), AcbQueuesModule.forRoot()]): Promise<TestingModule> {
    app = await Test.createTestingModule({ imports, providers: [Jobs] }).compile();
    await app.init();
    return app;
  }

  it('lists ACB schedules beside @Cron / @Interval jobs, and both kinds tick', async () => {
    const moduleRef = await start();
    const registry = moduleRef.get(SchedulerRegistry);
    expect([...registry.getCronJobs().keys()].sort()).toEqual(['acb_ten_seconds', 'legacy_ten_seconds']);
    expect(registry.getIntervals().sort()).toEqual(['acb_five_seconds', 'legacy_five_seconds']);

    await jest.advanceTimersByTimeAsync(10_000);
    const calls = moduleRef.get(Jobs).calls;
    expect(count(calls, 'acb-cron')).toBe(1);
    expect(count(calls, 'legacy-cron')).toBe(1);
    expect(count(calls, 'acb-interval')).toBe(2);
    expect(count(calls, 'legacy-interval')).toBe(2);
  });

  it('stops and starts an ACB schedule through getCronJob(name)', async () => {
    const moduleRef = await start();
    const registry = moduleRef.get(SchedulerRegistry);
    const calls = moduleRef.get(Jobs).calls;
    const job = registry.getCronJob('acb_ten_seconds');
    expect(job.nextDate().toJSDate()).toEqual(new Date('2026-01-01T10:00:10.000Z'));

    job.stop();
    await jest.advanceTimersByTimeAsync(30_000);
    expect(count(calls, 'acb-cron')).toBe(0);
    expect(count(calls, 'legacy-cron')).toBe(3);

    job.start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(count(calls, 'acb-cron')).toBe(1);
    expect(moduleRef.get(Scheduler).list().find((s) => s.name === 'acb_ten_seconds')?.runs).toBe(1);
  });

  it('deleteInterval stops an ACB interval; Scheduler.remove takes a schedule out of the registry', async () => {
    const moduleRef = await start();
    const registry = moduleRef.get(SchedulerRegistry);
    const calls = moduleRef.get(Jobs).calls;
    registry.deleteInterval('acb_five_seconds');
    await jest.advanceTimersByTimeAsync(10_000);
    expect(count(calls, 'acb-interval')).toBe(0);

    await moduleRef.get(Scheduler).remove('acb_ten_seconds');
    expect(registry.doesExist('cron', 'acb_ten_seconds')).toBe(false);
    expect(registry.doesExist('cron', 'legacy_ten_seconds')).toBe(true);
  });

  it('runs ACB schedules without ScheduleModule (nothing to register into)', async () => {
    const moduleRef = await start([AcbQueuesModule.forRoot()]);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(count(moduleRef.get(Jobs).calls, 'acb-cron')).toBe(1);
    expect(count(moduleRef.get(Jobs).calls, 'legacy-cron')).toBe(0);
  });
});
