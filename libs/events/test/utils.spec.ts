import { EventPayloadNotSerializableError, EventsOptionsError, EVENTS_DEFAULTS } from '../src';
import { resolveEventsOptions } from '../src/resolve-events-options';
import { assertSerializable } from '../src/utils/assert-serializable';
import { computeBackoffDelay } from '@acb/common';
import { patternProblem } from '../src/utils/event-pattern';
import { PrioritySemaphore } from '../src/utils/semaphore';

describe('assertSerializable', () => {
  it('accepts JSON data, Dates and dropped undefined properties', () => {
    expect(() =>
      assertSerializable('e', { a: 1, b: 'x', c: [true, null, { d: new Date() }], e: undefined, f: Object.create(null) }),
    ).not.toThrow();
    expect(() => assertSerializable('e', undefined)).not.toThrow();
  });

  it.each([
    [{ f: () => 1 }, '.f', 'is a function'],
    [{ n: 10n }, '.n', 'is a bigint'],
    [{ s: Symbol('x') }, '.s', 'is a symbol'],
    [{ list: [1, undefined] }, '.list[1]', 'is undefined'],
    [{ x: Number.NaN }, '.x', 'not a finite number'],
    [{ m: new Map() }, '.m', 'is a Map, not a plain object'],
    [{ b: Buffer.from('x') }, '.b', 'is a Buffer, not a plain object'],
    [{ d: new Date('nope') }, '.d', 'is an invalid Date'],
  ])('rejects %p at %s', (payload, path, reason) => {
    let error: unknown;
    try {
      assertSerializable('user.created', payload);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(EventPayloadNotSerializableError);
    expect((error as EventPayloadNotSerializableError).path).toBe(path);
    expect((error as Error).message).toContain(reason);
    expect((error as Error).message).toContain('"user.created"');
  });

  it('rejects cycles', () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => assertSerializable('e', cyclic)).toThrow(/circular/);
  });

  it('allows the same object twice when it is not a cycle', () => {
    const shared = { a: 1 };
    expect(() => assertSerializable('e', { x: shared, y: shared })).not.toThrow();
  });
});

describe('patternProblem', () => {
  it.each(['user.created', 'user.*', '*.created', 'user.**', '**', 'a:b.c-d_e'])('accepts %s', (pattern) => {
    expect(patternProblem(pattern)).toBeUndefined();
  });
  it.each([
    ['', /empty/],
    ['user.', /empty segment/],
    ['.user', /empty segment/],
    ['user*', /mixes/],
    ['user.cre ated', /characters/],
    [42, /string/],
  ])('rejects %p', (pattern, reason) => {
    expect(patternProblem(pattern)).toMatch(reason);
  });
});

describe('handler backoff: @acb/common\'s shape and formula with the events defaults', () => {
  it('defaults to exponential from 100 ms, doubling, capped at 30 s, jitter 0.2', () => {
    expect(resolveEventsOptions().backoff).toEqual({ type: 'exponential', delayMs: 100, maxDelayMs: 30_000, multiplier: 2, jitter: 0.2 });
  });
  it('grows by the multiplier and stops at maxDelayMs; fixed waits delayMs; jitter takes at most its share off', () => {
    const { backoff } = resolveEventsOptions({ backoff: { delayMs: 100, maxDelayMs: 1000, multiplier: 3, jitter: 0 } });
    expect([1, 2, 3, 4].map((retry) => computeBackoffDelay(backoff, retry))).toEqual([100, 300, 900, 1000]);
    expect(computeBackoffDelay({ ...backoff, type: 'fixed' }, 4)).toBe(100);
    expect(computeBackoffDelay({ ...backoff, jitter: 0.25 }, 2, () => 1)).toBe(225);
  });
  it('rejects a backoff type it does not know', () => {
    expect(() => resolveEventsOptions({ backoff: { type: 'linear' as never } })).toThrow(/backoff.type must be 'exponential' or 'fixed'/);
  });
});

describe('PrioritySemaphore', () => {
  it('serves waiters by priority then arrival', async () => {
    const semaphore = new PrioritySemaphore(1);
    expect(semaphore.tryAcquire()).toBe(true);
    const order: string[] = [];
    void semaphore.acquire(0).then(() => order.push('first-normal'));
    void semaphore.acquire(5).then(() => order.push('high'));
    void semaphore.acquire(0).then(() => order.push('second-normal'));
    expect(semaphore.waiting).toBe(3);
    for (let i = 0; i < 3; i += 1) {
      semaphore.release();
      await Promise.resolve();
    }
    expect(order).toEqual(['high', 'first-normal', 'second-normal']);
    semaphore.release();
    expect(semaphore.tryAcquire()).toBe(true);
    expect(semaphore.tryAcquire()).toBe(false);
  });

  it('hands permits over in a loop: 100,000 waiters that release at once neither grow the stack nor lose a permit', () => {
    const semaphore = new PrioritySemaphore(2);
    expect(semaphore.tryAcquire()).toBe(true);
    expect(semaphore.tryAcquire()).toBe(true);
    const served: number[] = [];
    for (let i = 0; i < 100_000; i += 1) {
      semaphore.wait(i % 3 === 0 ? 1 : 0, () => {
        served.push(i);
        semaphore.release();
      });
    }
    expect(semaphore.waiting).toBe(100_000);
    semaphore.release();
    semaphore.release();
    expect(semaphore.waiting).toBe(0);
    expect(served).toHaveLength(100_000);
    const high = served.filter((i) => i % 3 === 0);
    expect(served.slice(0, high.length)).toEqual(high);
    expect(served.slice(high.length)).toEqual(served.slice(high.length).sort((a, b) => a - b));
    expect(semaphore.tryAcquire()).toBe(true);
    expect(semaphore.tryAcquire()).toBe(true);
    expect(semaphore.tryAcquire()).toBe(false);
  });
});

describe('resolveEventsOptions', () => {
  it('applies the documented defaults', () => {
    const resolved = resolveEventsOptions({});
    expect(resolved).toMatchObject({
      transport: 'local',
      maxRetries: EVENTS_DEFAULTS.maxRetries,
      backoff: EVENTS_DEFAULTS.backoff,
      handlerTimeoutMs: 30_000,
      concurrency: 64,
      appName: 'acb',
    });
    expect(resolved.redis).toBeUndefined();
  });

  it('fills redis defaults and names consumer groups after the app', () => {
    const resolved = resolveEventsOptions({ transport: 'redis', appName: 'shop', redis: { url: 'redis://x', claimIdleMs: 1000 } });
    expect(resolved.redis).toMatchObject({ url: 'redis://x', streamPrefix: 'acb:events', consumerGroup: 'shop', claimIntervalMs: 500 });
    expect(resolved.redis?.consumerName).toMatch(/:\d+:[0-9a-f]{6}$/);
  });

  it.each([
    [{ transport: 'kafka' as never }, /transport/],
    [{ transport: 'redis' as const }, /redis\.url/],
    [{ maxRetries: -1 }, /maxRetries/],
    [{ concurrency: 0 }, /concurrency/],
    [{ backoff: { multiplier: 0.5 } }, /multiplier/],
    [{ backoff: { jitter: 2 } }, /jitter/],
  ])('rejects %p', (options, message) => {
    expect(() => resolveEventsOptions(options)).toThrow(EventsOptionsError);
    expect(() => resolveEventsOptions(options)).toThrow(message);
  });
});
