import { toPlainData } from '@acb/common';
import type { CacheAdapter } from '@acb/adapters';
import { LRUCache } from 'lru-cache';
import { REPOSITORY_CACHE_PREFIX } from '../services.constants';
import { stableKey } from './stable-key';

/** What `peek` returns when the local layer cannot answer. */
export const MISS: unique symbol = Symbol('miss');

interface Entry {
  g: number;
  v: unknown;
}

/** The process-local layer in front of the shared cache. */
export interface LocalCacheOptions {
  /** How long (ms) a generation read from the shared cache is trusted, i.e. how late other processes' writes are seen. */
  ttlMs: number;
  /** Entries kept. @default 10000 */
  max?: number;
}

/**
 * Cache-aside for one entity's repositories with a generation counter: every entry is tagged with the generation read
 * before loading it, and every write increments the generation, so one write invalidates every entity, list and
 * count of that entity at once (also in other processes sharing a Redis cache). An entry loaded while a write
 * commits carries the old generation and is never served.
 *
 * With `localTtlMs > 0` a process-local LRU of revived values sits in front: local writes clear it at once;
 * writes made by other processes are seen after at most `localTtlMs` (the generation is re-read then).
 */
export class RepositoryCache {
  private readonly generationKey: string;
  private readonly keyPrefix: string;
  /** Keyed by the shared key, or by the id itself for a numeric `findById` (no key string built on a hit). */
  private readonly local?: LRUCache<string | number, Entry>;
  /** The generation last read from the shared cache, trusted until `trustTimer` fires. */
  private knownGeneration?: number;
  private trustTimer?: NodeJS.Timeout;
  /** Bumped by every local invalidation, so a read that started before one never refills the local layer. */
  private epoch = 0;

  constructor(
    private readonly cache: CacheAdapter,
    private readonly namespace: string,
    private readonly localOptions: LocalCacheOptions | false = false,
  ) {
    this.generationKey = `${REPOSITORY_CACHE_PREFIX}:${namespace}:gen`;
    this.keyPrefix = `${REPOSITORY_CACHE_PREFIX}:${namespace}:`;
    if (localOptions && localOptions.ttlMs > 0) this.local = new LRUCache({ max: localOptions.max ?? 10_000 });
  }

  /** The cache key of one read. */
  keyOf(kind: string, criteria: unknown): string {
    const text = typeof criteria === 'number' ? `n${criteria}` : stableKey(criteria);
    return this.keyPrefix + kind + ':' + text;
  }

  /**
   * A hit of the process-local layer while the generation is trusted (synchronous, no I/O); else `MISS`.
   * `key` is the shared key, or the `localKey` given to `read` for it.
   */
  peek(key: string | number): unknown {
    const known = this.knownGeneration;
    if (!this.local || known === undefined) return MISS;
    const hit = this.local.get(key);
    return hit && hit.g === known ? hit.v : MISS;
  }

  /**
   * Reads through the shared cache: one round trip for the generation and the entry, `load` on a miss.
   * `localKey` (default `key`) keys the process-local layer: a number only for a numeric primary key, so it never
   * meets another read's string key.
   */
  async read<R>(
    key: string,
    ttlSeconds: number,
    load: () => Promise<R>,
    revive: (raw: unknown) => R,
    localKey: string | number = key,
  ): Promise<R> {
    const epoch = this.epoch;
    const [generation, entry] = await this.cache.getMany<unknown>([this.generationKey, key]);
    if (typeof generation !== 'number') {
      // NOTE: a fresh epoch (not 0) so entries of an evicted generation counter can never match again.
      await this.cache.set(this.generationKey, freshEpoch());
      return load();
    }
    const localValid = this.local !== undefined && epoch === this.epoch && this.localOptions;
    if (localValid) this.trust(generation, localValid.ttlMs);
    if (entry && (entry as Entry).g === generation) {
      const value = revive((entry as Entry).v);
      if (localValid && epoch === this.epoch) this.local?.set(localKey, { g: generation, v: value });
      return value;
    }
    const value = await load();
    // NOTE: entities are class instances, which the cache refuses (it gives back exactly what was set): store their
    // data; `revive` makes entities again.
    await this.cache.set<Entry>(key, { g: generation, v: toPlainData(value) }, ttlSeconds);
    if (localValid && epoch === this.epoch) this.local?.set(localKey, { g: generation, v: value });
    return value;
  }

  /** Invalidates everything cached for this entity (here at once, elsewhere within `localTtlMs`). */
  async invalidate(): Promise<void> {
    this.epoch++;
    this.local?.clear();
    this.distrust();
    const next = await this.cache.increment(this.generationKey);
    if (next === 1) await this.cache.set(this.generationKey, freshEpoch());
    this.epoch++;
    this.local?.clear();
    this.distrust();
  }

  // NOTE: a timer (unref'd, one per trust period) rather than a clock read on every hit: hits stay synchronous
  // and cheap.
  private trust(generation: number, ttlMs: number): void {
    this.knownGeneration = generation;
    clearTimeout(this.trustTimer);
    this.trustTimer = setTimeout(() => {
      this.knownGeneration = undefined;
      this.trustTimer = undefined;
    }, ttlMs);
    this.trustTimer.unref?.();
  }

  private distrust(): void {
    clearTimeout(this.trustTimer);
    this.trustTimer = undefined;
    this.knownGeneration = undefined;
  }
}

function freshEpoch(): number {
  return Date.now() * 1000 + Math.floor(Math.random() * 1000);
}
