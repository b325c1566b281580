import { LRUCache } from 'lru-cache';
import { AdaptersMessages } from '../adapters.messages';
import { CacheValueError } from '../errors/cache-value.error';
import type { AdapterContext } from '../interfaces/adapter-context.interface';
import { BaseCacheAdapter } from './base-cache.adapter';
import { checkTtl, decodeCacheValue, encodeCacheValue, numberSetting } from './cache-codec';

/** An object value kept as its JSON text, so callers never share (or mutate) what is cached. */
class JsonText {
  constructor(readonly text: string) {}
}

/** lru-cache cannot hold null: this stands for it. */
const NULL: unique symbol = Symbol('null');

type Stored = string | number | boolean | typeof NULL | JsonText;

/** @default 10000 entries before the least recently used one is evicted. */
export const DEFAULT_MEMORY_CACHE_MAX = 10_000;

/**
 * `memory`: an in-process LRU (lru-cache) with per-key TTLs and a maximum entry count.
 * Settings (`settings/cache.yml`): `max` (default 10000), `defaultTtl` (seconds, default none).
 * Values round-trip as on Redis (JSON values and Dates, see CacheAdapter): primitives are kept as they are, objects
 * as their encoded text.
 */
export class MemoryCacheAdapter extends BaseCacheAdapter {
  readonly name = 'memory';
  readonly target = 'memory';
  private readonly defaultTtl: number | undefined;
  private readonly max: number;
  private entries?: LRUCache<string, Stored>;

  constructor(context: AdapterContext) {
    super();
    this.defaultTtl = checkTtl(numberSetting(context.settings, 'defaultTtl', undefined));
    this.max = numberSetting(context.settings, 'max', DEFAULT_MEMORY_CACHE_MAX) ?? DEFAULT_MEMORY_CACHE_MAX;
    // NOTE: checked here, as lru-cache would, so that a bad `max` still fails at start although the LRU is built later.
    if (!Number.isInteger(this.max) || this.max <= 0) throw new RangeError(AdaptersMessages.invalidCacheMax(this.max));
  }

  /**
   * The LRU, built on first use: lru-cache allocates its slot arrays for `max` entries up front (about 1 ms for
   * 10000 on a loaded 2-core machine), a start-up cost an application that never touches the cache need not pay.
   */
  private get lru(): LRUCache<string, Stored> {
    this.entries ??= new LRUCache<string, Stored>({
      max: this.max,
      // NOTE: Date.now() (not performance.now()) so that jest fake timers move TTLs; resolution 0 keeps no timer.
      perf: { now: () => Date.now() },
      ttlResolution: 0,
    });
    return this.entries;
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return decode<T>(this.lru.get(key));
  }

  async set<T = unknown>(key: string, value: T, ttlSeconds?: number): Promise<void> {
    const ttl = checkTtl(ttlSeconds) ?? this.defaultTtl;
    this.store(key, encode(key, value), ttl);
  }

  async delete(key: string): Promise<boolean> {
    return this.lru.delete(key);
  }

  async has(key: string): Promise<boolean> {
    return this.lru.has(key);
  }

  async clear(): Promise<void> {
    this.entries?.clear();
  }

  async getMany<T = unknown>(keys: string[]): Promise<Array<T | undefined>> {
    return keys.map((key) => decode<T>(this.lru.get(key)));
  }

  async setMany<T = unknown>(entries: Array<{ key: string; value: T; ttlSeconds?: number }>): Promise<void> {
    const encoded = entries.map((entry) => ({ ...entry, stored: encode(entry.key, entry.value) as Stored, ttl: checkTtl(entry.ttlSeconds) }));
    for (const entry of encoded) {
      const ttl = entry.ttl ?? this.defaultTtl;
      this.store(entry.key, entry.stored, ttl);
    }
  }

  async increment(key: string, by = 1): Promise<number> {
    const current = this.lru.get(key);
    if (current !== undefined && typeof current !== 'number') {
      throw new CacheValueError(AdaptersMessages.notNumeric(key), key);
    }
    const next = (current ?? 0) + by;
    if (current === undefined) this.lru.set(key, next);
    else this.lru.set(key, next, { noUpdateTTL: true });
    return next;
  }

  async ttl(key: string): Promise<number | undefined> {
    if (!this.lru.has(key)) return undefined;
    const remaining = this.lru.getRemainingTTL(key);
    return Number.isFinite(remaining) ? Math.max(1, Math.ceil(remaining / 1000)) : -1;
  }

  /** Without a TTL, lru-cache's default (0: none) replaces any earlier TTL, as a Redis SET does. */
  private store(key: string, stored: Stored, ttlSeconds: number | undefined): void {
    if (ttlSeconds === undefined) this.lru.set(key, stored);
    else this.lru.set(key, stored, { ttl: Math.max(1, Math.round(ttlSeconds * 1000)) });
  }

  async ping(): Promise<void> {
    return;
  }

  async close(): Promise<void> {
    this.entries?.clear();
  }
}

function encode(key: string, value: unknown): Stored {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // NOTE: -0 becomes 0 as in JSON; NaN and Infinity are refused (by encodeCacheValue), as on Redis.
      return Number.isFinite(value) ? value + 0 : new JsonText(encodeCacheValue(key, value));
    default:
      return value === null ? NULL : new JsonText(encodeCacheValue(key, value));
  }
}

function decode<T>(stored: Stored | undefined): T | undefined {
  if (stored === NULL) return null as T;
  return (stored instanceof JsonText ? decodeCacheValue<T>(stored.text) : stored) as T | undefined;
}
