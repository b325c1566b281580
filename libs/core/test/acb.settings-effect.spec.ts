import { AcbConfig } from '@acb/config';
import { DeadLetterStore, EventPublisher, EventsSettings, OnAcbEvent, type EventEnvelope } from '@acb/events';
import { AcbLogger, MemoryLogDestination } from '@acb/logger';
import { AcbTask, Queue, Worker } from '@acb/queues';
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbModule } from '../src';
import { LoggingSettings } from '../src/features/logging.settings';
import { ServicesSettings } from '../src/features/services.settings';
import { SettingsDir } from './settings-dir';

jest.setTimeout(30_000);

@Injectable()
class FailingTasks {
  attempts = 0;

  @AcbTask('always_fails', { backoff: { type: 'fixed', delayMs: 1, jitter: 0 } })
  run(): void {
    this.attempts += 1;
    throw new Error('boom');
  }
}

@Injectable()
class DatedHandlers {
  readonly received: Array<{ payload: unknown; timestamp: unknown }> = [];

  @OnAcbEvent('order.dated', { viaQueue: true, name: 'datedViaQueue', maxRetries: 0 })
  onDated(payload: { placedAt: Date; items: Array<{ due: Date }> }, event: EventEnvelope): void {
    if (!(payload.placedAt instanceof Date) || !(payload.items[0].due instanceof Date)) throw new Error('not a Date');
    this.received.push({ payload, timestamp: event.timestamp });
  }
}

describe('AcbModule: one serialization contract for events and queues', () => {
  it('a viaQueue handler gets the Dates the event bus accepted, as Dates (no dead letter)', async () => {
    const settings = new SettingsDir({ 'adapters.yml': 'queue:\n  runWorker: false\n' });
    const moduleRef = await Test.createTestingModule({
      imports: [AcbModule.forRoot({ settingsDir: settings.path, env: {}, logger: { level: 'fatal' }, values: { sql: { database: ':memory:' } } })],
      providers: [DatedHandlers],
    }).compile();
    try {
      await moduleRef.init();
      const placedAt = new Date('2026-12-06T22:45:00.123Z');
      const due = new Date('2026-12-24T00:00:00.000Z');
      const report = await moduleRef.get(EventPublisher).emit('order.dated', { placedAt, items: [{ due }] });
      expect(report.handlers).toEqual([expect.objectContaining({ status: 'queued' })]);
      await moduleRef.get(Worker).processAll();
      expect(moduleRef.get(DatedHandlers).received).toEqual([expect.objectContaining({ payload: { placedAt, items: [{ due }] } })]);
      expect(await moduleRef.get(Queue).deadLetters()).toEqual([]);
      expect(await moduleRef.get(DeadLetterStore).list()).toEqual([]);
    } finally {
      await moduleRef.close();
      settings.remove();
    }
  });
});

describe('AcbModule honours every settings key in the seed spelling', () => {
  let settings: SettingsDir;
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    settings.remove();
  });

  async function start(files: Record<string, string>, out = new MemoryLogDestination()): Promise<TestingModule> {
    settings = new SettingsDir(files);
    moduleRef = await Test.createTestingModule({
      imports: [AcbModule.forRoot({ settingsDir: settings.path, env: {}, logger: { destination: out }, values: { sql: { database: ':memory:' } } })],
      providers: [FailingTasks],
    }).compile();
    await moduleRef.init();
    return moduleRef;
  }

  it.each([
    ['max_retries: 1', 'queue:\n  run_worker: false\n  workers:\n    max_retries: 1\n', 2],
    ['maxRetries: 1', 'queue:\n  runWorker: false\n  workers:\n    maxRetries: 1\n', 2],
    ['max_retries: 0', 'queue:\n  run_worker: false\n  workers:\n    max_retries: 0\n', 1],
  ])('workers.%s runs a failing task that many times in all', async (_key, adaptersYml, runs) => {
    const app = await start({ 'adapters.yml': adaptersYml });
    await app.get(Queue).enqueue('always_fails', {});
    const worker = app.get(Worker);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      await worker.processAll();
      if ((await app.get(Queue).deadLetters()).length > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(app.get(FailingTasks).attempts).toBe(runs);
  });

  it('the sections AcbModule reads take their multi-word keys in snake_case too', async () => {
    const app = await start({
      'events.yml': 'max_retries: 1\n',
      'logging.yml': 'redact_paths: [user.secret]\nhttp_auto_logging: false\n',
      'services.yml': 'repository_cache: true\n',
    });
    const config = app.get(AcbConfig);
    expect(config.section('events', EventsSettings)).toMatchObject({ maxRetries: 1 });
    expect(config.section('logging', LoggingSettings)).toMatchObject({ redactPaths: ['user.secret'], httpAutoLogging: false });
    expect(config.section('services', ServicesSettings)).toMatchObject({ repositoryCache: true });
  });

  it('after a hot reload of app.name, log lines carry the new app field', async () => {
    const out = new MemoryLogDestination();
    const app = await start({ 'app.yml': 'name: before\n' }, out);
    const logger = app.get(AcbLogger);
    logger.info('first line');
    settings.write('app.yml', 'name: after\n');
    expect(app.get(AcbConfig).reload()).toEqual(['app']);
    logger.info('second line');
    logger.child({ context: 'Child' }).info('child line');
    expect(out.withMessage('first line')[0]).toMatchObject({ app: 'before' });
    expect(out.withMessage('second line')[0]).toMatchObject({ app: 'after' });
    expect(out.withMessage('child line')[0]).toMatchObject({ app: 'after', context: 'Child' });
  });
});
