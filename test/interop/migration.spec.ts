/**
 * The README's migration path, steps 1-3 (no server needed): the existing app of legacy-app.ts adopts
 * AcbConfigModule, then AcbEventsModule, then AcbQueuesModule (memory) — each step keeps the app's own code working.
 * Step 4 (queues on Redis, Bull Board) is migration-redis.int-spec.ts.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable, type DynamicModule, type Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { SchedulerRegistry } from '@nestjs/schedule';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbConfig, AcbConfigModule } from '@acb/config';
import { AcbEventsModule, DeadLetterStore, EventPublisher, OnAcbEvent } from '@acb/events';
import { AcbCron, AcbQueuesModule, Scheduler } from '@acb/queues';
import { Greeting, LegacyAppModule, NightlyReport, OrderAudit, OrdersService } from './legacy-app';

/** Step 2: a new ACB handler for an event the existing code emits on EventEmitter2. */
@Injectable()
class Fulfilment {
  readonly shipped: string[] = [];
  failOnce = true;

  constructor(private readonly publisher: EventPublisher) {}

  @OnAcbEvent('order.created', { maxRetries: 2 })
  async ship(payload: { orderId: string }): Promise<void> {
    if (this.failOnce) {
      this.failOnce = false;
      throw new Error('warehouse busy');
    }
    this.shipped.push(payload.orderId);
    await this.publisher.emit('order.shipped', { orderId: payload.orderId });
  }
}

/** Step 3: a new ACB schedule beside the existing @Cron. */
@Injectable()
class CacheWarmer {
  runs = 0;

  @AcbCron('*/10 * * * * *', { name: 'warm_cache' })
  warm(): void {
    this.runs += 1;
  }
}

const quiet = { log: jest.fn(), error: jest.fn(), warn: jest.fn(), debug: jest.fn(), verbose: jest.fn() };

describe('migration path: an existing Nest app adopts ACB one module at a time', () => {
  let settingsDir: string;
  let app: TestingModule | undefined;

  beforeAll(() => {
    settingsDir = mkdtempSync(join(tmpdir(), 'acb-interop-'));
    writeFileSync(join(settingsDir, 'app.yml'), 'name: shop\n');
  });

  afterAll(() => rmSync(settingsDir, { recursive: true, force: true }));

  afterEach(async () => {
    await app?.close();
    app = undefined;
    jest.useRealTimers();
  });

  /** The app after `step` steps: each adds one ACB module (and the new code written the ACB way). */
  async function appAtStep(step: 0 | 1 | 2 | 3): Promise<TestingModule> {
    const imports: DynamicModule[] = [];
    const providers: Type[] = [];
    if (step >= 1) imports.push(AcbConfigModule.forRoot({ settingsDir, env: {} }));
    if (step >= 2) {
      imports.push(AcbEventsModule.forRoot({ backoff: { delayMs: 1, jitter: 0 } }));
      providers.push(Fulfilment);
    }
    if (step >= 3) {
      imports.push(AcbQueuesModule.forRoot());
      providers.push(CacheWarmer);
    }
    app = await Test.createTestingModule({ imports: [LegacyAppModule, ...imports], providers }).setLogger(quiet).compile();
    await app.init();
    return app;
  }

  it('step 0: the existing app on its own', async () => {
    const moduleRef = await appAtStep(0);
    moduleRef.get(OrdersService).place('o-0');
    expect(moduleRef.get(OrderAudit).entries).toEqual([{ orderId: 'o-0' }]);
    expect(moduleRef.get(Greeting).text()).toBe('Welcome to undefined (eu-west)');
  });

  it('step 1: AcbConfigModule — one ConfigService, reading settings/ beside the app’s own values, live on reload', async () => {
    const moduleRef = await appAtStep(1);
    const config = moduleRef.get(AcbConfig);
    expect(moduleRef.get(Greeting).text()).toBe('Welcome to shop (eu-west)');
    expect(moduleRef.get(ConfigService).get('app.name')).toBe(config.app.name);
    writeFileSync(join(settingsDir, 'app.yml'), 'name: shop-2\n');
    try {
      config.reload();
      expect(moduleRef.get(Greeting).text()).toBe('Welcome to shop-2 (eu-west)');
    } finally {
      writeFileSync(join(settingsDir, 'app.yml'), 'name: shop\n');
    }
  });

  it('step 2: AcbEventsModule — EventEmitter2.emit reaches @OnAcbEvent (with retries), ACB events reach @OnEvent', async () => {
    const moduleRef = await appAtStep(2);
    moduleRef.get(OrdersService).place('o-2');
    await moduleRef.get(EventPublisher).settled();
    // the ACB handler failed once and was retried; the @OnEvent listener saw order.created once and order.shipped once
    expect(moduleRef.get(Fulfilment).shipped).toEqual(['o-2']);
    expect(moduleRef.get(OrderAudit).entries).toEqual([{ orderId: 'o-2' }, { orderId: 'o-2' }]);
    expect(await moduleRef.get(DeadLetterStore).list()).toEqual([]);
  });

  it('step 3: AcbQueuesModule — @AcbCron beside @Cron, both in SchedulerRegistry, both ticking', async () => {
    jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
    jest.setSystemTime(new Date('2026-01-01T10:00:00.500Z'));
    const moduleRef = await appAtStep(3);
    const registry = moduleRef.get(SchedulerRegistry);
    expect([...registry.getCronJobs().keys()].sort()).toEqual(['nightly_report', 'warm_cache']);
    await jest.advanceTimersByTimeAsync(20_000);
    expect(moduleRef.get(NightlyReport).runs).toBe(2);
    expect(moduleRef.get(CacheWarmer).runs).toBe(2);
    registry.getCronJob('warm_cache').stop();
    await jest.advanceTimersByTimeAsync(20_000);
    expect(moduleRef.get(CacheWarmer).runs).toBe(2);
    expect(moduleRef.get(NightlyReport).runs).toBe(4);
    expect(moduleRef.get(Scheduler).list().map((schedule) => schedule.name)).toEqual(['warm_cache']);
    // and the events of step 2 still flow
    moduleRef.get(OrdersService).place('o-3');
    await jest.advanceTimersByTimeAsync(50); // the retry's backoff (1 ms) runs on the fake clock
    await moduleRef.get(EventPublisher).settled();
    expect(moduleRef.get(Fulfilment).shipped).toEqual(['o-3']);
  });
});
