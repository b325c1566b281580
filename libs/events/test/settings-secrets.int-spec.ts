import { inspect } from 'node:util';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbConfig, AcbConfigModule } from '@acb/config';
import { AcbEventsModule, EventPublisher, EventSubscriber, EventsSettings } from '../src';
import { describeWithServer } from '../../../test/servers';
import { startPrivateRedis, type PrivateRedis } from '../../adapters/test/private-redis.fixture';
import { createSettingsDir, type SettingsDir } from '../../config/test/settings-dir';
import { deferred, silentLogger } from './helpers';

jest.setTimeout(60_000);

const PASSWORD = 'events-pw-3c9d';

/**
 * The events Redis URL takes a `${secret:...}` (real Secret, a password-protected private Redis); payloads keep the
 * serialization contract over Redis.
 */
describeWithServer('redis', 'events redis url from ${secret:...}', () => {
  let redis: PrivateRedis;
  let settings: SettingsDir | undefined;
  const modules: TestingModule[] = [];

  beforeAll(async () => {
    redis = await startPrivateRedis({ password: PASSWORD });
  });

  afterEach(async () => {
    for (const module of modules.splice(0)) await module.close();
    settings?.cleanup();
  });

  afterAll(() => redis.kill());

  async function build(eventsYml: string): Promise<TestingModule> {
    settings = createSettingsDir({ 'events.yml': eventsYml }, { redis_pw: PASSWORD, events_url: `redis://:${PASSWORD}@127.0.0.1:${redis.port}/0` });
    const module = await Test.createTestingModule({
      imports: [
        AcbConfigModule.forRoot({ settingsDir: settings.dir, env: {} }),
        AcbEventsModule.forRootAsync({ inject: [AcbConfig], useFactory: (config: AcbConfig) => config.section('events', EventsSettings) }),
      ],
    })
      .setLogger(silentLogger)
      .compile();
    modules.push(module);
    await module.init();
    return module;
  }

  it.each([
    ['a secret inside the url', `transport: redis\nredis:\n  url: redis://:\${secret:redis_pw}@127.0.0.1:PORT/0\n  blockMs: 100\n`],
    ['the whole url as a secret', `transport: redis\nredis:\n  url: \${secret:events_url}\n  blockMs: 100\n`],
  ])('delivers over redis with %s', async (_label, yml) => {
    const module = await build(yml.replace('PORT', String(redis.port)));
    const received = deferred<unknown>();
    module.get(EventSubscriber).on('secret.tested', (payload) => received.resolve(payload), { name: 'secretTest' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    await module.get(EventPublisher).emit('secret.tested', { ok: true });
    await expect(received.promise).resolves.toEqual({ ok: true });
  });

  it('carries the Dates of a payload as Dates over redis (the serialization contract of queues and the cache)', async () => {
    const module = await build(`transport: redis\nredis:\n  url: \${secret:events_url}\n  blockMs: 100\n`);
    const received = deferred<unknown>();
    module.get(EventSubscriber).on('dated.sent', (payload) => received.resolve(payload), { name: 'datedTest' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const at = new Date('2026-12-06T22:45:00.123Z');
    await module.get(EventPublisher).emit('dated.sent', { at, list: [{ at }] });
    const payload = (await received.promise) as { at: unknown; list: Array<{ at: unknown }> };
    expect(payload).toEqual({ at, list: [{ at }] });
    expect(payload.at).toBeInstanceOf(Date);
    await expect(module.get(EventPublisher).emit('dated.sent', { seen: new Set([1]) })).rejects.toThrow(/payload\.seen is a Set/);
  });

  it('never shows the secret in the settings nor in a start-up error', async () => {
    settings = createSettingsDir({ 'events.yml': 'transport: redis\nredis:\n  url: redis://:${secret:redis_pw}@127.0.0.1:x/0\n' }, { redis_pw: PASSWORD });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    const section = config.section('events', EventsSettings);
    expect(`${JSON.stringify(section)} ${inspect(section, { depth: 10 })}`).not.toContain(PASSWORD);
    let failure: unknown;
    try {
      const module = await Test.createTestingModule({ imports: [AcbEventsModule.forRoot(section)] }).setLogger(silentLogger).compile();
      modules.push(module);
      await module.init();
    } catch (error) {
      failure = error;
    }
    const error = failure as Error;
    expect(error.message).toMatch(/invalid url/i);
    expect(`${error.message}\n${error.stack}\n${inspect(error, { depth: 5 })}`).not.toContain(PASSWORD);
  });
});
