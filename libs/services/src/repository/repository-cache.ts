import type { CacheAdapter } from '@acb/adapters';
import { REPOSITORY_CACHE_PREFIX } from '../services.constants';
import { stableKey } from './stable-key';

interface Entry {
  g: number;
  v: unknown;
}

/**
 * Cache-aside for one repository with a generation counter: every entry is tagged with the generation read
 * before loading it, and every write increments the generation, so one write invalidates every entity, list and
 * count of that repository at once (also in other processes sharing a Redis cache). An entry loaded while a write
 * commits carries the old generation and is never served.
 */
export class RepositoryCache {
  private readonly generationKey: string;

  constructor(
    private readonly cache: CacheAdapter,
    private readonly namespace: string,
  ) {
    this.generationKey = `${REPOSITORY_CACHE_PREFIX}:${namespace}:gen`;
  }

  async read<R>(kind: string, criteria: unknown, ttlSeconds: number, load: () => Promise<R>, revive: (raw: unknown) => R): Promise<R> {
    const key = `${REPOSITORY_CACHE_PREFIX}:${this.namespace}:${kind}:${stableKey(criteria)}`;
    const [generation, entry] = await this.cache.getMany<unknown>([this.generationKey, key]);
    if (typeof generation !== 'number') {
      // NOTE: a fresh epoch (not 0) so entries of an evicted generation counter can never match again.
      await this.cache.set(this.generationKey, freshEpoch());
      return load();
    }
    if (entry && (entry as Entry).g === generation) return revive((entry as Entry).v);
    const value = await load();
    await this.cache.set<Entry>(key, { g: generation, v: value }, ttlSeconds);
    return value;
  }

  /** Invalidates everything cached for this repository. */
  async invalidate(): Promise<void> {
    const next = await this.cache.increment(this.generationKey);
    if (next === 1) await this.cache.set(this.generationKey, freshEpoch());
  }
}

function freshEpoch(): number {
  return Date.now() * 1000 + Math.floor(Math.random() * 1000);
}
