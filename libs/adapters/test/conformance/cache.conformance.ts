import type { CacheAdapter } from '../../src/cache/cache.adapter';
import { CacheValueError } from '../../src/errors/cache-value.error';

/** One cache under test, fresh and empty. */
export interface CacheConformanceTarget {
  cache: CacheAdapter;
  /** Moves the cache's clock forward (fake timers for memory, a real wait for a server). */
  advance(ms: number): Promise<void>;
  close(): Promise<void>;
}

/** The behaviour every cache adapter must have. Run it from each implementation's spec. */
export function runCacheConformance(name: string, factory: () => Promise<CacheConformanceTarget>): void {
  describe(`CacheAdapter conformance: ${name}`, () => {
    let target: CacheConformanceTarget;
    let cache: CacheAdapter;

    beforeEach(async () => {
      target = await factory();
      cache = target.cache;
    });

    afterEach(async () => {
      await target.close();
    });

    it('misses with undefined', async () => {
      expect(await cache.get('missing')).toBeUndefined();
      expect(await cache.has('missing')).toBe(false);
    });

    it('round-trips JSON values and Dates exactly', async () => {
      const when = new Date('2024-05-06T07:08:09.010Z');
      const values: Array<[string, unknown, unknown]> = [
        ['object', { id: 1, tags: ['a', 'b'], nested: { ok: true, none: null } }, { id: 1, tags: ['a', 'b'], nested: { ok: true, none: null } }],
        ['array', [1, 'two', { three: 3 }], [1, 'two', { three: 3 }]],
        ['string', 'hello', 'hello'],
        ['numeric-string', '42', '42'],
        ['number', 3.25, 3.25],
        ['zero', 0, 0],
        ['boolean', false, false],
        ['null', null, null],
        ['date', when, when],
        ['date-in-object', { at: when, list: [when] }, { at: when, list: [when] }],
        ['null-prototype', Object.assign(Object.create(null) as object, { a: 1 }), { a: 1 }],
      ];
      for (const [key, value] of values) await cache.set(key, value);
      for (const [key, , expected] of values) expect(await cache.get(key)).toEqual(expected);
      expect(await cache.get('date')).toBeInstanceOf(Date);
      expect(((await cache.get('date-in-object')) as { at: unknown }).at).toBeInstanceOf(Date);
    });

    class Money {
      constructor(readonly cents: number) {}
    }

    it.each([
      ['a Map', new Map([['a', 1]]), /Map/],
      ['a Set', new Set([1]), /Set/],
      ['a Buffer', Buffer.from('abc'), /Buffer/],
      ['a class instance', { price: new Money(5) }, /value\.price is a Money/],
      ['NaN', { n: NaN }, /value\.n is NaN/],
      ['Infinity', Infinity, /Infinity/],
      ['undefined in an array', [1, undefined], /value\[1\] is undefined/],
      ['an invalid Date', new Date('nope'), /invalid Date/],
      ['a BigInt', BigInt(1), /bigint/],
    ])('refuses %s at set with the path, and stores nothing', async (_label, value, message) => {
      const error = await cache.set('refused', value).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(CacheValueError);
      expect((error as Error).message).toMatch(message);
      expect(await cache.has('refused')).toBe(false);
    });

    it('hands out copies: mutating a returned object does not change the cache', async () => {
      await cache.set('user', { name: 'Ada', roles: ['admin'] });
      const first = await cache.get<{ name: string; roles: string[] }>('user');
      first!.name = 'changed';
      first!.roles.push('intruder');
      expect(await cache.get('user')).toEqual({ name: 'Ada', roles: ['admin'] });
    });

    it('overwrites, deletes and reports whether a key existed', async () => {
      await cache.set('k', 1);
      await cache.set('k', 2);
      expect(await cache.get('k')).toBe(2);
      expect(await cache.has('k')).toBe(true);
      expect(await cache.delete('k')).toBe(true);
      expect(await cache.delete('k')).toBe(false);
      expect(await cache.get('k')).toBeUndefined();
    });

    it('expires a key after its TTL and reports the seconds left', async () => {
      await cache.set('short', 'x', 0.2);
      await cache.set('long', 'y', 60);
      await cache.set('forever', 'z');
      const left = await cache.ttl('long');
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(60);
      expect(await cache.ttl('forever')).toBe(-1);
      expect(await cache.ttl('missing')).toBeUndefined();
      await target.advance(600);
      expect(await cache.get('short')).toBeUndefined();
      expect(await cache.has('short')).toBe(false);
      expect(await cache.ttl('short')).toBeUndefined();
      expect(await cache.get('long')).toBe('y');
      expect(await cache.get('forever')).toBe('z');
    });

    it('drops the TTL when a key is set again without one, as SET does', async () => {
      await cache.set('k', 1, 0.2);
      await cache.set('k', 2);
      expect(await cache.ttl('k')).toBe(-1);
      await target.advance(600);
      expect(await cache.get('k')).toBe(2);
    });

    it('refuses values JSON cannot carry and TTLs that are not positive', async () => {
      await expect(cache.set('u', undefined)).rejects.toBeInstanceOf(CacheValueError);
      await expect(cache.set('f', () => 1)).rejects.toBeInstanceOf(CacheValueError);
      await expect(cache.set('t', 1, 0)).rejects.toBeInstanceOf(RangeError);
      await expect(cache.set('t', 1, -5)).rejects.toBeInstanceOf(RangeError);
      expect(await cache.has('t')).toBe(false);
    });

    it('gets many in key order with undefined for misses, and sets many', async () => {
      await cache.setMany<unknown>([
        { key: 'a', value: { n: 1 } },
        { key: 'b', value: 'two' },
        { key: 'c', value: 3, ttlSeconds: 0.2 },
      ]);
      expect(await cache.getMany(['b', 'missing', 'a', 'c'])).toEqual(['two', undefined, { n: 1 }, 3]);
      expect(await cache.getMany([])).toEqual([]);
      await target.advance(600);
      expect(await cache.getMany(['a', 'c'])).toEqual([{ n: 1 }, undefined]);
    });

    it('increments from 0, by any step, keeping the TTL', async () => {
      expect(await cache.increment('hits')).toBe(1);
      expect(await cache.increment('hits')).toBe(2);
      expect(await cache.increment('hits', 10)).toBe(12);
      expect(await cache.increment('hits', -2)).toBe(10);
      expect(await cache.get('hits')).toBe(10);
      expect(await cache.increment('ratio', 0.5)).toBeCloseTo(0.5);
      expect(await cache.increment('ratio', 1)).toBeCloseTo(1.5);
      await cache.set('limited', 5, 60);
      expect(await cache.increment('limited', 1)).toBe(6);
      const left = await cache.ttl('limited');
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(60);
      expect(await cache.ttl('hits')).toBe(-1);
    });

    it('refuses to increment a value that is not a number', async () => {
      await cache.set('name', 'Ada');
      await expect(cache.increment('name')).rejects.toBeInstanceOf(CacheValueError);
      await cache.set('obj', { n: 1 });
      await expect(cache.increment('obj')).rejects.toBeInstanceOf(CacheValueError);
      expect(await cache.get('name')).toBe('Ada');
    });

    it('clears every key it holds', async () => {
      await cache.setMany<unknown>([
        { key: 'one', value: 1 },
        { key: 'two', value: 2 },
      ]);
      await cache.increment('counter');
      await cache.clear();
      expect(await cache.getMany(['one', 'two', 'counter'])).toEqual([undefined, undefined, undefined]);
      await cache.set('after', true);
      expect(await cache.get('after')).toBe(true);
    });

    it('wrap: a miss calls fn and caches its value; a hit does not call fn', async () => {
      const fn = jest.fn(async () => ({ computed: 1 }));
      expect(await cache.wrap('w', 60, fn)).toEqual({ computed: 1 });
      expect(await cache.wrap('w', 60, fn)).toEqual({ computed: 1 });
      expect(fn).toHaveBeenCalledTimes(1);
      expect(await cache.get('w')).toEqual({ computed: 1 });
      const left = await cache.ttl('w');
      expect(left).toBeGreaterThan(0);
      expect(left).toBeLessThanOrEqual(60);
    });

    it('wrap: concurrent misses of one key call fn once', async () => {
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const fn = jest.fn(async () => {
        await gate;
        return 'slow value';
      });
      const callers = Array.from({ length: 10 }, () => cache.wrap('stampede', undefined, fn));
      const other = cache.wrap('other-key', undefined, async () => 'other');
      release();
      expect(await Promise.all(callers)).toEqual(Array(10).fill('slow value'));
      expect(await other).toBe('other');
      expect(fn).toHaveBeenCalledTimes(1);
      expect(await cache.get('stampede')).toBe('slow value');
    });

    it('wrap: a failing fn rejects every waiting caller, caches nothing, and the next call tries again', async () => {
      const failing = jest.fn(async () => {
        throw new Error('backend down');
      });
      const results = await Promise.allSettled([cache.wrap('fragile', 60, failing), cache.wrap('fragile', 60, failing)]);
      expect(results.map((result) => result.status)).toEqual(['rejected', 'rejected']);
      expect(failing).toHaveBeenCalledTimes(1);
      expect(await cache.has('fragile')).toBe(false);
      expect(await cache.wrap('fragile', 60, async () => 'recovered')).toBe('recovered');
    });

    it('answers a ping', async () => {
      await expect(cache.ping()).resolves.toBeUndefined();
    });
  });
}
