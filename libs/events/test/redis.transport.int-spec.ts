import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import Redis from 'ioredis';
import { describeWithServer } from '../../../test/servers';
import {
  DeadLetterStore,
  EVENT_FAILED,
  EventPayloadNotSerializableError,
  EventPublisher,
  EventSubscriber,
  type AcbEventsModuleOptions,
  type EventEnvelope,
} from '../src';
import { EventsChild } from './fixtures/child-process';
import { createEventsApp, deferred } from './helpers';

jest.setTimeout(60_000);

describeWithServer('redis', 'AcbEventsModule redis transport (real Redis)', (url) => {
  const prefix = `acb-test:events:${randomUUID().slice(0, 8)}`;
  let redis: Redis;
  const apps: INestApplicationContext[] = [];
  const children: EventsChild[] = [];
  let testIndex = 0;
  let streamPrefix = '';

  const redisApp = async (options: Partial<AcbEventsModuleOptions> & { appName: string }, blockMs = 200) => {
    const app = await createEventsApp({
      transport: 'redis',
      maxRetries: 0,
      ...options,
      redis: { url, streamPrefix, blockMs, claimIdleMs: 30_000, ...options.redis },
    });
    apps.push(app);
    return app;
  };

  /** Waits until a consumer group exists (run-time subscriptions create theirs asynchronously). */
  const groupReady = async (group: string) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const groups = (await redis.xinfo('GROUPS', `${streamPrefix}:stream`).catch(() => [])) as unknown[][];
      if (groups.some((fields) => fields[1] === group)) return;
      if (Date.now() > deadline) throw new Error(`consumer group ${group} never appeared`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  beforeAll(() => {
    redis = new Redis(url);
  });

  beforeEach(() => {
    testIndex += 1;
    streamPrefix = `${prefix}:${testIndex}`;
  });

  afterEach(async () => {
    await Promise.all(children.splice(0).map((child) => child.kill()));
    for (const app of apps.splice(0)) await app.close();
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it('delivers to a handler in another app of the same process, in publisher order, and reports it queued', async () => {
    const publisherApp = await redisApp({ appName: 'publisher' });
    const consumerApp = await redisApp({ appName: 'consumer' });
    const received: EventEnvelope[] = [];
    const allIn = deferred();
    consumerApp.get(EventSubscriber).on('order.*', (_payload, event) => {
      received.push(event);
      if (received.length === 50) allIn.resolve();
    }, { name: 'orderLog' });
    await groupReady('consumer:orderLog');

    const reports = [];
    for (let n = 0; n < 50; n += 1) reports.push(await publisherApp.get(EventPublisher).emit('order.placed', { n }, { metadata: { m: n } }));
    expect(reports[0]).toMatchObject({ settled: true, handlers: [] });
    await allIn.promise;
    expect(received.map((e) => (e.payload as { n: number }).n)).toEqual([...Array(50).keys()]);
    expect(received[3]).toMatchObject({ id: reports[3].eventId, name: 'order.placed', metadata: { m: 3 }, attempt: 1 });

    const ownReport = await consumerApp.get(EventPublisher).emit('order.shipped', { n: 99 });
    expect(ownReport.handlers).toEqual([{ handler: 'orderLog', status: 'queued', attempts: 0 }]);
  });

  it('rejects a non-serialisable payload at emit with the offending path', async () => {
    const app = await redisApp({ appName: 'serial' });
    await expect(app.get(EventPublisher).emit('user.created', { id: 1, at: { when: () => 1 } })).rejects.toBeInstanceOf(
      EventPayloadNotSerializableError,
    );
    await expect(app.get(EventPublisher).emit('user.created', { id: 1n })).rejects.toThrow(/payload\.id is a bigint/);
    await expect(app.get(EventPublisher).emit('user.created', {}, { metadata: { tags: new Set() } })).rejects.toThrow(
      /metadata\.tags is a Set, not a plain object/,
    );
  });

  it('keeps dead letters in Redis, visible to another instance of the app, which can replay them', async () => {
    let healthy = false;
    const delivered: unknown[] = [];
    const failures: unknown[] = [];
    const gotFailure = deferred();
    const first = await redisApp({ appName: 'billing' });
    first.get(EventSubscriber).on('invoice.created', (payload) => {
      if (!healthy) throw new Error('ledger offline');
      delivered.push(payload);
    }, { name: 'ledger' });
    first.get(EventSubscriber).on(EVENT_FAILED, (payload) => {
      failures.push(payload);
      gotFailure.resolve();
    }, { name: 'failures' });
    await groupReady('billing:ledger');
    await groupReady('billing:failures');

    await first.get(EventPublisher).emit('invoice.created', { invoice: 'i-1' });
    await gotFailure.promise;
    expect(failures).toEqual([expect.objectContaining({ eventName: 'invoice.created', handler: 'ledger', attempts: 1 })]);

    const second = await redisApp({ appName: 'billing' });
    second.get(EventSubscriber).on('invoice.created', (payload) => void delivered.push({ second: payload }), { name: 'ledger' });
    const letters = await second.get(DeadLetterStore).list();
    expect(letters).toEqual([
      expect.objectContaining({ handler: 'ledger', attempts: 1, error: expect.objectContaining({ message: 'ledger offline' }) }),
    ]);
    healthy = true;
    expect(await second.get(DeadLetterStore).replay(letters[0].id)).toMatchObject({ status: 'succeeded' });
    expect(delivered).toEqual([{ second: { invoice: 'i-1' } }]);
    expect(await first.get(DeadLetterStore).list()).toEqual([]);
  });

  it('finishes the event in hand on shutdown and acknowledges it', async () => {
    const app = await redisApp({ appName: 'graceful' });
    const started = deferred();
    const release = deferred();
    let finished = false;
    app.get(EventSubscriber).on('slow.job', async () => {
      started.resolve();
      await release.promise;
      finished = true;
    }, { name: 'slow' });
    await groupReady('graceful:slow');
    await app.get(EventPublisher).emit('slow.job', {});
    await started.promise;
    const closing = app.close();
    apps.splice(apps.indexOf(app), 1);
    setTimeout(() => release.resolve(), 200);
    await closing;
    expect(finished).toBe(true);
    const pending = (await redis.xpending(`${streamPrefix}:stream`, 'graceful:slow')) as [number, ...unknown[]];
    expect(pending[0]).toBe(0);
  });

  it('leaves an entry that outlives the shutdown grace pending, and another instance reclaims it', async () => {
    const options = { appName: 'handover', shutdownTimeoutMs: 200, handlerTimeoutMs: 0, redis: { url, claimIdleMs: 300, claimIntervalMs: 100 } };
    const first = await redisApp(options);
    const started = deferred();
    first.get(EventSubscriber).on('long.job', () => {
      started.resolve();
      return new Promise(() => undefined);
    }, { name: 'worker' });
    await groupReady('handover:worker');
    const { eventId } = await first.get(EventPublisher).emit('long.job', { n: 1 });
    await started.promise;
    await first.close();
    apps.splice(apps.indexOf(first), 1);
    const pending = (await redis.xpending(`${streamPrefix}:stream`, 'handover:worker')) as [number, ...unknown[]];
    expect(pending[0]).toBe(1);

    const second = await redisApp(options);
    const got = deferred<EventEnvelope>();
    second.get(EventSubscriber).on('long.job', (_payload, event) => got.resolve(event), { name: 'worker' });
    const redelivered = await got.promise;
    expect(redelivered.id).toBe(eventId);
  });

  it('does not let another instance reclaim entries a live, slow instance still holds in its batch', async () => {
    const stream = `${streamPrefix}:stream`;
    await redis.xgroup('CREATE', stream, 'slowpoke:handler', '$', 'MKSTREAM');
    const ids: string[] = [];
    for (let n = 0; n < 3; n += 1) {
      const envelope = { id: `e${n}`, name: 'slow.batch', payload: { n }, metadata: {}, timestamp: Date.now(), correlationId: 'c', attempt: 1 };
      ids.push((await redis.xadd(stream, '*', 'event', JSON.stringify(envelope))) as string);
    }
    const options = { appName: 'slowpoke', handlerTimeoutMs: 0, redis: { url, claimIdleMs: 300, claimIntervalMs: 100, blockMs: 100 } };
    const handledBy: Record<string, string[]> = { first: [], second: [] };
    const done = deferred();
    const subscribe = (app: INestApplicationContext, label: 'first' | 'second') =>
      app.get(EventSubscriber).on('slow.batch', async (_payload, event) => {
        handledBy[label].push(event.id);
        await new Promise((resolve) => setTimeout(resolve, 450));
        if (handledBy.first.length + handledBy.second.length >= 3) done.resolve();
      }, { name: 'handler' });
    const first = await redisApp(options);
    subscribe(first, 'first');
    while (handledBy.first.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
    const second = await redisApp(options);
    subscribe(second, 'second');
    await done.promise;
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(handledBy).toEqual({ first: ['e0', 'e1', 'e2'], second: [] });
  });

  it('dead-letters an entry whose consumers kept dying instead of delivering it again', async () => {
    const stream = `${streamPrefix}:stream`;
    const group = 'poison:eater';
    await redis.xgroup('CREATE', stream, group, '$', 'MKSTREAM');
    const envelope = { id: randomUUID(), name: 'poison.pill', payload: { dose: 1 }, metadata: {}, timestamp: Date.now(), correlationId: 'c', attempt: 1 };
    const entryId = (await redis.xadd(stream, '*', 'event', JSON.stringify(envelope))) as string;
    await redis.xreadgroup('GROUP', group, 'ghost', 'COUNT', 1, 'STREAMS', stream, '>');
    await redis.xclaim(stream, group, 'ghost', 0, entryId, 'RETRYCOUNT', 7);
    await new Promise((resolve) => setTimeout(resolve, 150));

    const app = await createEventsApp({
      transport: 'redis',
      appName: 'poison',
      maxRetries: 0,
      redis: { url, streamPrefix, blockMs: 100, claimIdleMs: 100, claimIntervalMs: 100, maxDeliveries: 5 },
    });
    apps.push(app);
    const eaten = jest.fn();
    app.get(EventSubscriber).on('poison.*', eaten, { name: 'eater' });
    const store = app.get(DeadLetterStore);
    const deadline = Date.now() + 10_000;
    while ((await store.list()).length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const [letter] = await store.list();
    expect(letter).toMatchObject({ handler: 'eater', event: { id: envelope.id }, error: { name: 'EventDeliveryLimitError' } });
    expect(eaten).not.toHaveBeenCalled();
    // The dead letter is written before the XACK: wait for the acknowledgement too.
    let pending = (await redis.xpending(stream, group)) as [number, ...unknown[]];
    while (pending[0] !== 0 && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      pending = (await redis.xpending(stream, group)) as [number, ...unknown[]];
    }
    expect(pending[0]).toBe(0);
  });

  describe('across processes', () => {
    it('delivers every event to a handler in each of two processes (different apps)', async () => {
      const [a, b] = await Promise.all([
        EventsChild.start([url, streamPrefix, 'service-a', 'record']),
        EventsChild.start([url, streamPrefix, 'service-b', 'record']),
      ]);
      children.push(a, b);
      const publisher = (await redisApp({ appName: 'emitter' })).get(EventPublisher);
      const ids: string[] = [];
      for (let n = 0; n < 5; n += 1) ids.push((await publisher.emit('order.placed', { n })).eventId);
      for (const child of [a, b]) {
        await child.waitFor(() => child.events().length === 5);
        expect(child.events().map((m) => m.id)).toEqual(ids);
      }
    });

    it('gives each event to one instance of a handler group across two processes', async () => {
      const [a, b] = await Promise.all([
        EventsChild.start([url, streamPrefix, 'shop', 'record']),
        EventsChild.start([url, streamPrefix, 'shop', 'record']),
      ]);
      children.push(a, b);
      const publisher = (await redisApp({ appName: 'emitter' })).get(EventPublisher);
      const ids = new Set<string>();
      for (let n = 0; n < 40; n += 1) ids.add((await publisher.emit('order.placed', { n })).eventId);
      const total = () => a.events().length + b.events().length;
      await a.waitFor(() => total() >= 40);
      await new Promise((resolve) => setTimeout(resolve, 500));
      const seen = [...a.events(), ...b.events()].map((m) => m.id as string);
      expect(seen).toHaveLength(40);
      expect(new Set(seen)).toEqual(ids);
    });

    it('redelivers the event of a handler process killed mid-event to the surviving instance', async () => {
      const victim = await EventsChild.start([url, streamPrefix, 'shop', 'hang', '1500']);
      children.push(victim);
      const publisher = (await redisApp({ appName: 'emitter' })).get(EventPublisher);
      const { eventId } = await publisher.emit('order.placed', { n: 'lost?' });
      await victim.waitFor((m) => m.type === 'started' && m.id === eventId);

      const survivor = await EventsChild.start([url, streamPrefix, 'shop', 'record', '1500']);
      children.push(survivor);
      await victim.kill();
      const redelivered = await survivor.waitFor((m) => m.type === 'event' && m.id === eventId, 20_000);
      expect(redelivered.payload).toEqual({ n: 'lost?' });
    });
  });
});
