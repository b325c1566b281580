import { createHook } from 'node:async_hooks';
import { Injectable, Scope } from '@nestjs/common';
import { AcbContext, MemoryLogDestination, createAcbLogger } from '@acb/logger';
import {
  AcbEvent,
  DeadLetterStore,
  EVENT_FAILED,
  EventPublisher,
  EventSubscriber,
  InvalidEventNameError,
  InvalidEventPatternError,
  OnAcbEvent,
  type EventEnvelope,
  type EventFailedPayload,
  type PayloadOf,
} from '../src';
import { createEventsApp, deferred, silentLogger } from './helpers';

class UserCreated extends AcbEvent<{ userId: string; email: string }> {
  static readonly eventName = 'user.created';
}

describe('AcbEventsModule (local transport)', () => {
  afterEach(() => {
    jest.useRealTimers();
    jest.clearAllMocks();
  });

  describe('emit and the report', () => {
    @Injectable()
    class UserListener {
      readonly received: Array<{ payload: unknown; event: EventEnvelope }> = [];

      @OnAcbEvent('user.created')
      onCreated(payload: { userId: string }, event: EventEnvelope) {
        this.received.push({ payload, event });
      }

      @OnAcbEvent(UserCreated)
      async onTyped(payload: PayloadOf<typeof UserCreated>) {
        this.received.push({ payload: payload.email, event: undefined as never });
      }
    }

    it('delivers the seed spelling and typed events with a full envelope and reports every handler', async () => {
      const app = await createEventsApp({}, [UserListener]);
      const publisher = app.get(EventPublisher);
      const listener = app.get(UserListener);

      const report = await publisher.emit('user.created', { userId: 'u1', email: 'a@b.c' }, {
        metadata: { priority: 'high', region: 'us-west' },
      });
      expect(report.settled).toBe(true);
      expect(report.name).toBe('user.created');
      expect(report.handlers).toEqual(
        expect.arrayContaining([
          { handler: 'UserListener.onCreated', status: 'succeeded', attempts: 1 },
          { handler: 'UserListener.onTyped', status: 'succeeded', attempts: 1 },
        ]),
      );
      const envelope = listener.received[0].event;
      expect(envelope).toMatchObject({
        id: report.eventId,
        name: 'user.created',
        payload: { userId: 'u1', email: 'a@b.c' },
        metadata: { priority: 'high', region: 'us-west' },
        correlationId: report.eventId,
        attempt: 1,
      });
      expect(typeof envelope.timestamp).toBe('number');

      const typed = await publisher.emit(new UserCreated({ userId: 'u2', email: 'x@y.z' }));
      expect(typed.name).toBe('user.created');
      expect(typed.handlers).toHaveLength(2);
      expect(listener.received.map((entry) => entry.payload)).toContain('x@y.z');
      await app.close();
    });

    it('reports no handlers as an empty, settled report', async () => {
      const app = await createEventsApp();
      const report = await app.get(EventPublisher).emit('nobody.listens', { a: 1 });
      expect(report).toEqual({ eventId: expect.any(String), name: 'nobody.listens', settled: true, handlers: [] });
      await app.close();
    });

    it('rejects a malformed or wildcard event name at emit', async () => {
      const app = await createEventsApp();
      const publisher = app.get(EventPublisher);
      await expect(publisher.emit('user.*', {})).rejects.toBeInstanceOf(InvalidEventNameError);
      await expect(publisher.emit('user..created', {})).rejects.toThrow(/empty segment/);
      await expect(publisher.emit('', {})).rejects.toBeInstanceOf(InvalidEventNameError);
      await app.close();
    });
  });

  describe('patterns', () => {
    it('matches wildcards and multi-event handlers (EventEmitter2 semantics), each handler once per event', async () => {
      const app = await createEventsApp();
      const subscriber = app.get(EventSubscriber);
      const publisher = app.get(EventPublisher);
      const seen: Record<string, string[]> = { star: [], globstar: [], list: [], all: [], overlap: [] };
      subscriber.on('user.*', (_p, e) => void seen.star.push(e.name), { name: 'star' });
      subscriber.on('user.**', (_p, e) => void seen.globstar.push(e.name), { name: 'globstar' });
      subscriber.on(['user.updated', 'user.deleted'], (_p, e) => void seen.list.push(e.name), { name: 'list' });
      subscriber.on('**', (_p, e) => void seen.all.push(e.name), { name: 'all' });
      subscriber.on(['user.*', 'user.updated'], (_p, e) => void seen.overlap.push(e.name), { name: 'overlap' });

      for (const name of ['user', 'user.created', 'user.updated', 'user.deleted', 'user.profile.changed', 'order.placed']) {
        await publisher.emit(name, {});
      }
      expect(seen.star).toEqual(['user.created', 'user.updated', 'user.deleted']);
      expect(seen.globstar).toEqual(['user', 'user.created', 'user.updated', 'user.deleted', 'user.profile.changed']);
      expect(seen.list).toEqual(['user.updated', 'user.deleted']);
      expect(seen.all).toHaveLength(6);
      expect(seen.overlap).toEqual(['user.created', 'user.updated', 'user.deleted']);
      await app.close();
    });

    it('fails at start naming the class and method of an invalid pattern', async () => {
      @Injectable()
      class BadListener {
        @OnAcbEvent('user.cre*ted')
        handle() {}
      }
      const failure = createEventsApp({}, [BadListener]);
      await expect(failure).rejects.toBeInstanceOf(InvalidEventPatternError);
      await expect(createEventsApp({}, [BadListener])).rejects.toThrow(/BadListener\.handle/);
    });

    it('unsubscribes a run-time handler', async () => {
      const app = await createEventsApp();
      const calls: string[] = [];
      const off = app.get(EventSubscriber).on('ping', () => void calls.push('x'));
      await app.get(EventPublisher).emit('ping');
      off();
      off();
      const report = await app.get(EventPublisher).emit('ping');
      expect(calls).toEqual(['x']);
      expect(report.handlers).toEqual([]);
      await app.close();
    });
  });

  describe('filters', () => {
    it('skips a handler whose filter says no and reports a throwing filter as a dead-lettered failure', async () => {
      const app = await createEventsApp();
      const subscriber = app.get(EventSubscriber);
      const calls: string[] = [];
      subscriber.on('order.placed', () => void calls.push('big'), {
        name: 'bigOrders',
        filter: (event) => (event.payload as { total: number }).total > 100,
      });
      subscriber.on('order.placed', () => void calls.push('broken'), {
        name: 'brokenFilter',
        filter: () => {
          throw new Error('filter exploded');
        },
      });
      const small = await app.get(EventPublisher).emit('order.placed', { total: 5 });
      expect(small.handlers).toEqual(
        expect.arrayContaining([
          { handler: 'bigOrders', status: 'filtered', attempts: 0 },
          expect.objectContaining({ handler: 'brokenFilter', status: 'failed', error: expect.objectContaining({ message: 'filter exploded' }) }),
        ]),
      );
      await app.get(EventPublisher).emit('order.placed', { total: 500 });
      expect(calls).toEqual(['big']);
      const deadLetters = await app.get(DeadLetterStore).list({ handler: 'brokenFilter' });
      expect(deadLetters).toHaveLength(2);
      await app.close();
    });
  });

  describe('retries, timeouts and dead letters', () => {
    it('retries only the failing handler with exponential backoff (fake timers)', async () => {
      const app = await createEventsApp({ maxRetries: 3, backoff: { delayMs: 1000, multiplier: 2, maxDelayMs: 60_000, jitter: 0 } });
      const subscriber = app.get(EventSubscriber);
      let flakyCalls = 0;
      let steadyCalls = 0;
      const attempts: number[] = [];
      subscriber.on('job.done', (_p, event) => {
        flakyCalls += 1;
        attempts.push(event.attempt);
        if (flakyCalls < 3) throw new Error(`boom ${flakyCalls}`);
      }, { name: 'flaky' });
      subscriber.on('job.done', () => void (steadyCalls += 1), { name: 'steady' });

      jest.useFakeTimers();
      const pending = app.get(EventPublisher).emit('job.done', {});
      await jest.advanceTimersByTimeAsync(0);
      expect(flakyCalls).toBe(1);
      expect(steadyCalls).toBe(1);
      await jest.advanceTimersByTimeAsync(999);
      expect(flakyCalls).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(flakyCalls).toBe(2);
      await jest.advanceTimersByTimeAsync(1999);
      expect(flakyCalls).toBe(2);
      await jest.advanceTimersByTimeAsync(1);
      expect(flakyCalls).toBe(3);
      const report = await pending;
      expect(report.handlers).toEqual(
        expect.arrayContaining([
          { handler: 'flaky', status: 'succeeded', attempts: 3 },
          { handler: 'steady', status: 'succeeded', attempts: 1 },
        ]),
      );
      expect(attempts).toEqual([1, 2, 3]);
      expect(steadyCalls).toBe(1);
      jest.useRealTimers();
      await app.close();
    });

    it('keeps jittered delays within [d*(1-jitter), d]', async () => {
      const app = await createEventsApp({ maxRetries: 1, backoff: { delayMs: 1000, jitter: 0.5 } });
      let calls = 0;
      app.get(EventSubscriber).on('jit', () => {
        calls += 1;
        if (calls === 1) throw new Error('first');
      });
      const random = jest.spyOn(Math, 'random').mockReturnValue(0.999);
      jest.useFakeTimers();
      const pending = app.get(EventPublisher).emit('jit');
      await jest.advanceTimersByTimeAsync(499);
      expect(calls).toBe(1);
      await jest.advanceTimersByTimeAsync(2);
      expect(calls).toBe(2);
      expect((await pending).handlers[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
      random.mockRestore();
      jest.useRealTimers();
      await app.close();
    });

    it('times out an attempt, retries it, then dead-letters with status timed_out and emits acb.event.failed', async () => {
      const app = await createEventsApp({ maxRetries: 1, handlerTimeoutMs: 5000, backoff: { delayMs: 100 } });
      const subscriber = app.get(EventSubscriber);
      const failures: EventFailedPayload[] = [];
      subscriber.on(EVENT_FAILED, (payload: EventFailedPayload) => void failures.push(payload), { name: 'failureWatcher' });
      subscriber.on('slow.thing', () => new Promise(() => undefined), { name: 'hangs' });

      jest.useFakeTimers();
      const pending = app.get(EventPublisher).emit('slow.thing', { n: 1 });
      await jest.advanceTimersByTimeAsync(5000 + 100 + 5000);
      const report = await pending;
      expect(report.handlers[0]).toMatchObject({ handler: 'hangs', status: 'timed_out', attempts: 2 });
      expect(report.handlers[0].error?.name).toBe('EventHandlerTimeoutError');
      jest.useRealTimers();
      await app.get(EventPublisher).settled();

      expect(failures).toEqual([
        expect.objectContaining({ eventName: 'slow.thing', handler: 'hangs', attempts: 2, deadLetterId: report.handlers[0].deadLetterId }),
      ]);
      const deadLetter = await app.get(DeadLetterStore).get(report.handlers[0].deadLetterId as string);
      expect(deadLetter).toMatchObject({
        handler: 'hangs',
        attempts: 2,
        event: { id: report.eventId, name: 'slow.thing', payload: { n: 1 } },
        error: { name: 'EventHandlerTimeoutError' },
      });
      expect(Date.parse(deadLetter!.failedAt)).not.toBeNaN();
      await app.close();
    });

    it('lists, replays one or all, and purges dead letters', async () => {
      const app = await createEventsApp({ maxRetries: 0 });
      const store = app.get(DeadLetterStore);
      let healthy = false;
      const delivered: unknown[] = [];
      app.get(EventSubscriber).on('mail.send', (payload) => {
        if (!healthy) throw new Error('smtp down');
        delivered.push(payload);
      }, { name: 'mailer' });

      const publisher = app.get(EventPublisher);
      const first = await publisher.emit('mail.send', { to: 'a' });
      await publisher.emit('mail.send', { to: 'b' });
      await publisher.emit('mail.send', { to: 'c' });
      expect(first.handlers[0]).toMatchObject({ status: 'failed', attempts: 1, error: { message: 'smtp down' } });
      expect((await store.list()).map((d) => d.event.payload)).toEqual([{ to: 'a' }, { to: 'b' }, { to: 'c' }]);

      const stillFailing = await store.replay(first.handlers[0].deadLetterId as string);
      expect(stillFailing.status).toBe('failed');
      expect(await store.list()).toHaveLength(3);
      await expect(store.replay(first.handlers[0].deadLetterId as string)).rejects.toThrow(/No dead letter/);

      healthy = true;
      const [oldest] = await store.list();
      expect(await store.replay(oldest.id)).toMatchObject({ handler: 'mailer', status: 'succeeded', attempts: 1 });
      expect(delivered).toEqual([{ to: 'b' }]);
      const rest = await store.replayAll();
      expect(rest.map((o) => o.status)).toEqual(['succeeded', 'succeeded']);
      expect(delivered).toEqual([{ to: 'b' }, { to: 'c' }, { to: 'a' }]);
      expect(await store.list()).toEqual([]);

      healthy = false;
      await publisher.emit('mail.send', { to: 'd' });
      await publisher.emit('mail.send', { to: 'e' });
      const [one] = await store.list();
      expect(await store.purge(one.id)).toBe(1);
      expect(await store.purge()).toBe(1);
      expect(await store.list()).toEqual([]);
      await publisher.settled();
      await app.close();
    });

    it('does not loop when a handler of acb.event.failed fails itself', async () => {
      const app = await createEventsApp({ maxRetries: 0 });
      const subscriber = app.get(EventSubscriber);
      let failedCalls = 0;
      subscriber.on(EVENT_FAILED, () => {
        failedCalls += 1;
        throw new Error('monitor broken');
      }, { name: 'brokenMonitor' });
      subscriber.on('x.y', () => {
        throw new Error('x failed');
      }, { name: 'xHandler' });
      await app.get(EventPublisher).emit('x.y');
      await app.get(EventPublisher).settled();
      expect(failedCalls).toBe(1);
      const deadLetters = await app.get(DeadLetterStore).list();
      expect(deadLetters.map((d) => d.handler).sort()).toEqual(['brokenMonitor', 'xHandler']);
      await app.close();
    });

    it('never lets an async handler error reach the process (no unhandledRejection), even with wait: false', async () => {
      const app = await createEventsApp({ maxRetries: 1, backoff: { delayMs: 1 } });
      const unhandled: unknown[] = [];
      const onUnhandled = (reason: unknown) => void unhandled.push(reason);
      process.on('unhandledRejection', onUnhandled);
      try {
        const other = jest.fn();
        app.get(EventSubscriber).on('crash.me', async () => {
          await new Promise((resolve) => setTimeout(resolve, 1));
          throw new Error('async boom');
        }, { name: 'crasher' });
        app.get(EventSubscriber).on('crash.me', other, { name: 'other' });
        const report = await app.get(EventPublisher).emit('crash.me', {}, { wait: false });
        expect(report).toEqual({ eventId: expect.any(String), name: 'crash.me', settled: false, handlers: [] });
        await app.get(EventPublisher).settled();
        await new Promise((resolve) => setImmediate(resolve));
        expect(other).toHaveBeenCalledTimes(1);
        expect(await app.get(DeadLetterStore).list({ handler: 'crasher' })).toHaveLength(1);
        expect(unhandled).toEqual([]);
      } finally {
        process.off('unhandledRejection', onUnhandled);
      }
      await app.close();
    });
  });

  describe('context', () => {
    it('runs handlers inside AcbContext with the event id and the correlation id from the caller', async () => {
      const app = await createEventsApp();
      const seen: Array<Record<string, unknown>> = [];
      app.get(EventSubscriber).on('ctx.test', () => void seen.push({ ...AcbContext.current() }));
      const report = await AcbContext.run({ requestId: 'r1', correlationId: 'corr-1' }, () =>
        app.get(EventPublisher).emit('ctx.test'),
      );
      const explicit = await app.get(EventPublisher).emit('ctx.test', {}, { correlationId: 'given' });
      expect(seen[0]).toMatchObject({ eventId: report.eventId, correlationId: 'corr-1', requestId: 'r1' });
      expect(seen[1]).toMatchObject({ eventId: explicit.eventId, correlationId: 'given' });
      await app.close();
    });

    it("retries a timed-out handler in its own emit's context, not in the context of the emit that armed the timer", async () => {
      const app = await createEventsApp();
      const attempts: Array<{ requestId: unknown; eventId: unknown; attempt: number | undefined }> = [];
      app.get(EventSubscriber).on(
        'slow.job',
        (_payload, event) => {
          attempts.push({ requestId: AcbContext.get('requestId'), eventId: AcbContext.get('eventId'), attempt: event.attempt });
          // Attempt 1 hangs past its timeout; attempt 2 succeeds.
          return (event.attempt ?? 1) === 1 ? new Promise(() => undefined) : undefined;
        },
        { name: 'slow', timeoutMs: 30, maxRetries: 1 },
      );
      const publisher = app.get(EventPublisher);
      // Both first attempts share one deadline timer, armed inside the first emit's context.
      const [first, second] = await Promise.all(
        ['req-1', 'req-2'].map((requestId) => AcbContext.run({ requestId }, () => publisher.emit('slow.job'))),
      );
      expect(first.handlers[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
      expect(second.handlers[0]).toMatchObject({ status: 'succeeded', attempts: 2 });
      const retries = attempts.filter((entry) => entry.attempt === 2);
      expect(retries).toEqual(
        expect.arrayContaining([
          { requestId: 'req-1', eventId: first.eventId, attempt: 2 },
          { requestId: 'req-2', eventId: second.eventId, attempt: 2 },
        ]),
      );
      expect(retries).toHaveLength(2);
      await app.close();
    });

    it('passes the correlation id on to events emitted from inside a handler', async () => {
      const app = await createEventsApp();
      const publisher = app.get(EventPublisher);
      const inner: EventEnvelope[] = [];
      app.get(EventSubscriber).on('outer.step', () => publisher.emit('inner.step'));
      app.get(EventSubscriber).on('inner.step', (_payload, event) => void inner.push(event));
      const outer = await publisher.emit('outer.step', {}, { correlationId: 'flow-7' });
      expect(inner).toHaveLength(1);
      expect(inner[0].correlationId).toBe('flow-7');
      expect(inner[0].id).not.toBe(outer.eventId);
      await app.close();
    });
  });

  it('gives the handler\'s log lines the event id and correlation id (AcbLogger)', async () => {
    const app = await createEventsApp();
    const out = new MemoryLogDestination();
    const logger = createAcbLogger({ destination: out });
    app.get(EventSubscriber).on('user.created', async (payload: { userId: string }) => {
      await new Promise((resolve) => setTimeout(resolve, 1));
      logger.info('welcome mail queued', { userId: payload.userId });
    });
    const report = await AcbContext.run({ correlationId: 'req-42' }, () =>
      app.get(EventPublisher).emit('user.created', { userId: 'u1' }),
    );
    expect(out.withMessage('welcome mail queued')).toEqual([
      expect.objectContaining({ eventId: report.eventId, correlationId: 'req-42', userId: 'u1' }),
    ]);
    await app.close();
  });

  describe('concurrency and priority', () => {
    it('bounds running handler attempts and starts higher priority first', async () => {
      const app = await createEventsApp({ concurrency: 2 });
      const subscriber = app.get(EventSubscriber);
      const gates = new Map<string, ReturnType<typeof deferred>>();
      const started: string[] = [];
      let running = 0;
      let maxRunning = 0;
      for (const [name, priority] of [['a', 0], ['b', 0], ['low', -1], ['high', 10], ['mid', 5]] as const) {
        gates.set(name, deferred());
        subscriber.on('work', async () => {
          started.push(name);
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await gates.get(name)!.promise;
          running -= 1;
        }, { name, priority });
      }
      const pending = app.get(EventPublisher).emit('work');
      await new Promise((resolve) => setImmediate(resolve));
      expect(started).toEqual(['high', 'mid']);
      for (const name of ['high', 'mid', 'a', 'b', 'low']) {
        gates.get(name)!.resolve(undefined);
        await new Promise((resolve) => setImmediate(resolve));
      }
      const report = await pending;
      expect(started).toEqual(['high', 'mid', 'a', 'b', 'low']);
      expect(maxRunning).toBe(2);
      expect(report.handlers.every((h) => h.status === 'succeeded')).toBe(true);
      await app.close();
    });

    it('runs a handler that waited for a slot in its own emit context, not in the context of the one that freed the slot', async () => {
      const app = await createEventsApp({ concurrency: 1 });
      const publisher = app.get(EventPublisher);
      const seen: Array<{ requestId?: string; eventId?: string; n: number }> = [];
      app.get(EventSubscriber).on('job', async (payload: { n: number }) => {
        await new Promise((resolve) => setImmediate(resolve));
        seen.push({ requestId: AcbContext.get('requestId'), eventId: AcbContext.get('eventId'), n: payload.n });
      });
      const reports = await Promise.all(
        [0, 1, 2, 3].map((n) => AcbContext.run({ requestId: `req-${n}` }, () => publisher.emit('job', { n }))),
      );
      expect(seen.map((s) => s.n)).toEqual([0, 1, 2, 3]);
      for (const s of seen) {
        expect(s.requestId).toBe(`req-${s.n}`);
        expect(s.eventId).toBe(reports[s.n].eventId);
      }
      await app.close();
    });

    it('holds the bound under a flood of emits: no more attempts run than the bound, in emit order, every outcome reported', async () => {
      const app = await createEventsApp({ concurrency: 4 });
      const subscriber = app.get(EventSubscriber);
      const started: number[] = [];
      let running = 0;
      let maxRunning = 0;
      for (const name of ['a', 'b', 'c']) {
        subscriber.on('flood', async (payload: { n: number }) => {
          started.push(payload.n);
          running += 1;
          maxRunning = Math.max(maxRunning, running);
          await new Promise((resolve) => setImmediate(resolve));
          running -= 1;
        }, { name });
      }
      const publisher = app.get(EventPublisher);
      const reports = Array.from({ length: 500 }, (_, n) => publisher.emit('flood', { n }));
      expect(running).toBe(4); // started at once: the first four attempts only; 1,496 wait
      const settled = await Promise.all(reports);
      expect(maxRunning).toBe(4);
      expect(started).toHaveLength(1500);
      expect(started).toEqual([...started].sort((x, y) => x - y)); // handlers of successive emits start in emit order
      expect(settled.every((r) => r.handlers.map((h) => `${h.handler}:${h.status}`).join() === 'a:succeeded,b:succeeded,c:succeeded')).toBe(true);
      await app.close();
    });

    it('serves waiting handlers by priority across emits, then by emit order (filters and timeouts included)', async () => {
      const app = await createEventsApp({ concurrency: 1, maxRetries: 0 });
      const subscriber = app.get(EventSubscriber);
      const started: string[] = [];
      const gate = deferred();
      subscriber.on('block', () => gate.promise, { name: 'blocker' });
      const body = (name: string) => async (payload: { id: string }) => {
        started.push(`${payload.id}.${name}`);
        await new Promise((resolve) => setImmediate(resolve));
      };
      subscriber.on('job', body('high'), { name: 'high', priority: 5 });
      subscriber.on('job', body('filtered'), { name: 'filtered', priority: 5, filter: (event) => (event.payload as { id: string }).id !== 'C' });
      subscriber.on('job', body('low'), { name: 'low' });
      subscriber.on('job', (payload: { id: string }) => {
        started.push(`${payload.id}.hangs`);
        return new Promise(() => undefined);
      }, { name: 'hangs', priority: -1, timeoutMs: 20 });
      const publisher = app.get(EventPublisher);
      const blocked = publisher.emit('block');
      const reports = ['A', 'B', 'C'].map((id) => publisher.emit('job', { id }));
      expect(started).toEqual([]);
      gate.resolve();
      await blocked;
      const [a, , c] = await Promise.all(reports);
      expect(started).toEqual(['A.high', 'A.filtered', 'B.high', 'B.filtered', 'C.high', 'A.low', 'B.low', 'C.low', 'A.hangs', 'B.hangs', 'C.hangs']);
      expect(a.handlers.map((h) => h.status)).toEqual(['succeeded', 'succeeded', 'succeeded', 'timed_out']);
      expect(c.handlers.map((h) => h.status)).toEqual(['succeeded', 'filtered', 'succeeded', 'timed_out']);
      await app.get(EventPublisher).settled();
      await app.close();
    });

    it('captures the async context once per waiting emit, not once per waiting handler (the bound costs little)', async () => {
      const app = await createEventsApp({ concurrency: 1 });
      const subscriber = app.get(EventSubscriber);
      for (const name of ['a', 'b', 'c']) subscriber.on('job', async () => undefined, { name });
      const publisher = app.get(EventPublisher);
      let captures = 0;
      const hook = createHook({
        init: (_id, type) => {
          if (type === 'AcbEventDelivery') captures += 1;
        },
      }).enable();
      try {
        const reports = await Promise.all(Array.from({ length: 100 }, () => publisher.emit('job')));
        expect(reports.every((r) => r.handlers.every((h) => h.status === 'succeeded'))).toBe(true);
      } finally {
        hook.disable();
      }
      expect(captures).toBe(100); // the first emit waits for its 2nd and 3rd handlers; the 99 others wait whole
      await app.close();
    });

    it('lets a handler emit and wait for nested handlers without deadlocking the bound', async () => {
      const app = await createEventsApp({ concurrency: 1 });
      const publisher = app.get(EventPublisher);
      const subscriber = app.get(EventSubscriber);
      const order: string[] = [];
      subscriber.on('outer', async () => {
        const inner = await publisher.emit('inner');
        order.push(`outer saw ${inner.handlers[0].status}`);
      });
      subscriber.on('inner', () => void order.push('inner'));
      await publisher.emit('outer');
      expect(order).toEqual(['inner', 'outer saw succeeded']);
      await app.close();
    });
  });

  describe('shutdown', () => {
    it('waits for deliveries in flight, then abandons what outlives shutdownTimeoutMs with a warning', async () => {
      const app = await createEventsApp({ shutdownTimeoutMs: 1000, handlerTimeoutMs: 0 });
      let finished = false;
      app.get(EventSubscriber).on('quick', async () => {
        await new Promise((resolve) => setTimeout(resolve, 10));
        finished = true;
      });
      app.get(EventSubscriber).on('stuck', () => new Promise(() => undefined), { name: 'stuck' });
      await app.get(EventPublisher).emit('quick', {}, { wait: false });
      await app.get(EventPublisher).emit('stuck', {}, { wait: false });
      const started = Date.now();
      await app.close();
      expect(finished).toBe(true);
      expect(Date.now() - started).toBeGreaterThanOrEqual(990);
      expect(silentLogger.warn).toHaveBeenCalledWith(expect.stringContaining('1 event deliveries still running after 1000 ms'), 'AcbEvents');
    });
  });

  describe('global module', () => {
    it('is global with forRoot() and no argument: the publisher is injectable in other modules', async () => {
      const { Module } = await import('@nestjs/common');
      const { Test } = await import('@nestjs/testing');
      const { AcbEventsModule } = await import('../src');
      @Injectable()
      class OrderService {
        constructor(readonly publisher: EventPublisher) {}
      }
      @Module({ providers: [OrderService], exports: [OrderService] })
      class OrdersModule {}
      const ref = await Test.createTestingModule({ imports: [AcbEventsModule.forRoot(), OrdersModule] }).compile();
      await ref.init();
      expect(ref.get(OrderService).publisher).toBe(ref.get(EventPublisher));
      await ref.close();
    });
  });

  describe('request-scoped providers', () => {
    it('warns and skips handlers on request-scoped providers', async () => {
      @Injectable({ scope: Scope.REQUEST })
      class PerRequestListener {
        @OnAcbEvent('user.created')
        handle() {}
      }
      const app = await createEventsApp({}, [PerRequestListener]);
      const report = await app.get(EventPublisher).emit('user.created', {});
      expect(report.handlers).toEqual([]);
      expect(silentLogger.warn).toHaveBeenCalledWith(
        expect.stringContaining('PerRequestListener.handle belongs to a request-scoped provider'),
        'AcbEvents',
      );
      await app.close();
    });
  });

  describe('isolation', () => {
    it('keeps two applications in one process apart', async () => {
      @Injectable()
      class Recorder {
        readonly names: string[] = [];
        @OnAcbEvent('**')
        record(_payload: unknown, event: EventEnvelope) {
          this.names.push(event.name);
        }
      }
      const first = await createEventsApp({}, [Recorder]);
      const second = await createEventsApp({}, [Recorder]);
      second.get(EventSubscriber).on('only.second', () => undefined, { name: 'secondOnly' });

      const report = await first.get(EventPublisher).emit('only.second');
      expect(report.handlers.map((h) => h.handler)).toEqual(['Recorder.record']);
      expect(first.get(Recorder).names).toEqual(['only.second']);
      expect(second.get(Recorder).names).toEqual([]);
      await first.close();
      await second.close();
    });
  });
});
