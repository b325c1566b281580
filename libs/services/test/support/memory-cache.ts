import { CacheAdapter } from '@acb/adapters';

/**
 * A small honest CacheAdapter for unit tests: values round-trip through JSON as the contract says, TTLs expire
 * on Date.now(), and it counts calls so tests can tell hits from misses.
 */
export class MemoryCache extends CacheAdapter {
  readonly name = 'test-memory';
  readonly calls = { get: 0, set: 0 };
  private readonly store = new Map<string, { json: string; expiresAt?: number }>();

  private live(key: string): { json: string; expiresAt?: number } | undefined {
    const entry = this.store.get(key);
    if (entry && entry.expiresAt !== undefined && entry.expiresAt <= Date.now()) {
      this.store.delete(key);
      return undefined;
    }
    return entry;
  }

  async get<T>(key: string): Promise<T | undefined> {
    this.calls.get++;
    const entry = this.live(key);
    return entry ? (JSON.parse(entry.json) as T) : undefined;
  }

  async set<T>(key: string, value: T, ttlSeconds?: number): Promise<void> {
    this.calls.set++;
    this.store.set(key, {
      json: JSON.stringify(value),
      expiresAt: ttlSeconds === undefined ? undefined : Date.now() + ttlSeconds * 1000,
    });
  }

  async delete(key: string): Promise<boolean> {
    return this.store.delete(key);
  }

  async has(key: string): Promise<boolean> {
    return this.live(key) !== undefined;
  }

  async clear(): Promise<void> {
    this.store.clear();
  }

  async getMany<T>(keys: string[]): Promise<Array<T | undefined>> {
    return Promise.all(keys.map((key) => this.get<T>(key)));
  }

  async setMany<T>(entries: Array<{ key: string; value: T; ttlSeconds?: number }>): Promise<void> {
    for (const entry of entries) await this.set(entry.key, entry.value, entry.ttlSeconds);
  }

  async increment(key: string, by = 1): Promise<number> {
    const current = (await this.get<number>(key)) ?? 0;
    const entry = this.live(key);
    this.store.set(key, { json: JSON.stringify(current + by), expiresAt: entry?.expiresAt });
    return current + by;
  }

  async ttl(key: string): Promise<number | undefined> {
    const entry = this.live(key);
    if (!entry) return undefined;
    return entry.expiresAt === undefined ? -1 : Math.ceil((entry.expiresAt - Date.now()) / 1000);
  }

  async wrap<T>(key: string, ttlSeconds: number | undefined, fn: () => Promise<T>): Promise<T> {
    const hit = await this.get<T>(key);
    if (hit !== undefined) return hit;
    const value = await fn();
    await this.set(key, value, ttlSeconds);
    return value;
  }

  async ping(): Promise<void> {}

  keys(): string[] {
    return [...this.store.keys()];
  }
}
