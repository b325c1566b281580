import { CacheAdapter } from './cache.adapter';
import { SingleFlight } from './single-flight';

/**
 * What every built-in cache shares: `wrap()` as get, then one `fn` call per key across concurrent misses, then set.
 * Single-flight is per adapter instance, so per process: two processes missing the same Redis key both call `fn`.
 */
export abstract class BaseCacheAdapter extends CacheAdapter {
  private readonly flights = new SingleFlight();

  async wrap<T>(key: string, ttlSeconds: number | undefined, fn: () => Promise<T>): Promise<T> {
    const hit = await this.get<T>(key);
    if (hit !== undefined) return hit;
    return this.flights.run(key, async () => {
      const again = await this.get<T>(key);
      if (again !== undefined) return again;
      const value = await fn();
      if (value !== undefined) await this.set(key, value, ttlSeconds);
      return value;
    });
  }
}
