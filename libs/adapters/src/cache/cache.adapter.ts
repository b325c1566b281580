/**
 * The cache category. Keys are namespaced by the adapter (from `app.name`). A value comes back exactly as it was set
 * (a copy): JSON values and `Date`s; `set` refuses anything else (undefined, NaN, Map, Set, Buffer, class instances,
 * ...) with a `CacheValueError` naming the path — the serialization contract of queue payloads and events.
 * TTLs are in seconds; `undefined` means no expiry.
 */
export abstract class CacheAdapter {
  abstract readonly name: string;
  abstract get<T = unknown>(key: string): Promise<T | undefined>;
  abstract set<T = unknown>(key: string, value: T, ttlSeconds?: number): Promise<void>;
  /** @returns whether the key existed. */
  abstract delete(key: string): Promise<boolean>;
  abstract has(key: string): Promise<boolean>;
  /** Removes every key of this adapter's namespace, nothing else. */
  abstract clear(): Promise<void>;
  /** Values in the order of `keys`; `undefined` for a miss. */
  abstract getMany<T = unknown>(keys: string[]): Promise<Array<T | undefined>>;
  abstract setMany<T = unknown>(entries: Array<{ key: string; value: T; ttlSeconds?: number }>): Promise<void>;
  /** Adds `by` (default 1) to a numeric value, creating it at 0; returns the new value. */
  abstract increment(key: string, by?: number): Promise<number>;
  /** Seconds left: `undefined` for a missing key, `-1` for a key with no expiry. */
  abstract ttl(key: string): Promise<number | undefined>;
  /** Cache-aside: returns the cached value, or calls `fn` once for concurrent misses of one key and caches it. */
  abstract wrap<T>(key: string, ttlSeconds: number | undefined, fn: () => Promise<T>): Promise<T>;
  /** Throws when the backing server cannot be reached (used by the health indicator). */
  abstract ping(): Promise<void>;
}
