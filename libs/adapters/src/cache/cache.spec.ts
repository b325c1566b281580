import { runCacheConformance } from '../../test/conformance/cache.conformance';
import { adapterContext } from '../../test/adapter-context.fixture';
import { MemoryCacheAdapter } from './memory.cache';

runCacheConformance('memory', async () => {
  jest.useFakeTimers({ doNotFake: ['nextTick', 'queueMicrotask', 'setImmediate'] });
  const cache = new MemoryCacheAdapter(adapterContext());
  return {
    cache,
    advance: async (ms) => {
      jest.advanceTimersByTime(ms);
    },
    close: async () => {
      await cache.close();
      jest.useRealTimers();
    },
  };
});

describe('MemoryCacheAdapter', () => {
  afterEach(() => jest.useRealTimers());

  it('evicts the least recently used entry beyond max', async () => {
    const cache = new MemoryCacheAdapter(adapterContext({ max: 2 }));
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.get('a');
    await cache.set('c', 3);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([1, undefined, 3]);
  });

  it('rejects a max that is not a positive whole number when it is built, not at first use', () => {
    for (const max of [0, -5, 2.5]) {
      expect(() => new MemoryCacheAdapter(adapterContext({ max }))).toThrow(new RangeError(`Invalid cache max ${max}: expected a positive whole number of entries`));
    }
  });

  it('answers reads and clear() before anything was stored', async () => {
    const cache = new MemoryCacheAdapter(adapterContext());
    await cache.clear();
    expect(await cache.get('nothing')).toBeUndefined();
    expect(await cache.has('nothing')).toBe(false);
    expect(await cache.ttl('nothing')).toBeUndefined();
    await cache.close();
  });

  it('applies defaultTtl to keys set without a TTL', async () => {
    jest.useFakeTimers();
    const cache = new MemoryCacheAdapter(adapterContext({ defaultTtl: 5 }));
    await cache.set('k', 'v');
    await cache.set('pinned', 'v', 60);
    expect(await cache.ttl('k')).toBe(5);
    jest.advanceTimersByTime(5_001);
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.get('pinned')).toBe('v');
  });

  it('keeps two instances apart', async () => {
    const first = new MemoryCacheAdapter(adapterContext({}, 'one'));
    const second = new MemoryCacheAdapter(adapterContext({}, 'two'));
    await first.set('shared', 1);
    expect(await second.get('shared')).toBeUndefined();
    await second.clear();
    expect(await first.get('shared')).toBe(1);
  });

  it('refuses NaN and Infinity (JSON would turn them into null) and stores -0 as 0, as JSON does', async () => {
    const cache = new MemoryCacheAdapter(adapterContext());
    await expect(cache.set('nan', Number.NaN)).rejects.toThrow(/Cannot cache "nan": value is NaN/);
    await expect(cache.setMany([{ key: 'inf', value: Number.POSITIVE_INFINITY }])).rejects.toThrow(/value is Infinity/);
    expect(await cache.getMany(['nan', 'inf'])).toEqual([undefined, undefined]);
    await cache.set('negzero', -0);
    expect(Object.is(await cache.get('negzero'), 0)).toBe(true);
  });
});
