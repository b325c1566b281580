import type { Redis, RedisOptions } from 'ioredis';
import type { AdapterContext } from '../interfaces/adapter-context.interface';
import { AdaptersMessages } from '../adapters.messages';
import { CacheValueError } from '../errors/cache-value.error';
import { BaseCacheAdapter } from './base-cache.adapter';
import { durationSetting } from '../settings/duration-setting';
import { checkTtl, decodeCacheValue, encodeCacheValue, numberSetting } from './cache-codec';
import { requireOptionalPeer } from '@acb/common';

/** Keys deleted per UNLINK while clearing the namespace. */
const CLEAR_BATCH = 500;

/**
 * `redis`: ioredis. Every key lives under `<namespace>:cache:` (namespace = `app.name` unless set), so apps — and the
 * other systems of one app (nosql documents, events, queues) — can share a server; `clear()` SCANs and UNLINKs the
 * cache's own keys only — never FLUSHDB.
 * Settings (`settings/cache.yml`): `url` (`redis://host:port/db`) or `host` (127.0.0.1), `port` (6379), `password`,
 * `db` (0); `namespace` (app.name); `defaultTtl` (seconds, none); `maxRetriesPerRequest` (3);
 * `connect_timeout` (5 seconds).
 */
export class RedisCacheAdapter extends BaseCacheAdapter {
  readonly name = 'redis';
  readonly target: string;
  /** The ioredis client, for what the cache API does not cover. */
  readonly client: Redis;
  private readonly prefix: string;
  private readonly defaultTtl: number | undefined;
  private lastError: Error | undefined;
  private down = false;

  constructor(private readonly context: AdapterContext) {
    super();
    const settings = context.settings;
    const namespace = typeof settings.namespace === 'string' && settings.namespace.length > 0 ? settings.namespace : context.appName;
    this.prefix = `${namespace}:cache:`;
    this.defaultTtl = checkTtl(numberSetting(settings, 'defaultTtl', undefined));
    // NOTE: loaded here, not at the top, so that ioredis is only required when the redis cache is selected.
    const { Redis: RedisClient } = requireOptionalPeer<typeof import('ioredis')>('ioredis', 'the redis cache adapter', () => require('ioredis'));
    const options: RedisOptions = {
      lazyConnect: true,
      maxRetriesPerRequest: numberSetting(settings, 'maxRetriesPerRequest', 3),
      connectTimeout: durationSetting(settings, 'connectTimeout', 5000, 'cache'),
      retryStrategy: (times) => Math.min(times * 100, 2000),
    };
    if (typeof settings.password === 'string') options.password = settings.password;
    if (settings.db !== undefined) options.db = numberSetting(settings, 'db', 0);
    this.client =
      typeof settings.url === 'string' && settings.url.length > 0
        ? new RedisClient(settings.url, options)
        : new RedisClient({
            ...options,
            host: typeof settings.host === 'string' ? settings.host : '127.0.0.1',
            port: numberSetting(settings, 'port', 6379),
          });
    this.target = `${this.client.options.host ?? '127.0.0.1'}:${this.client.options.port ?? 6379}`;
    this.client.on('error', (error: Error) => {
      this.lastError = error;
      if (!this.down) {
        this.down = true;
        this.context.logger.warn?.(`redis cache ${this.target}: ${error.message}`, 'AcbAdapters');
      }
    });
    this.client.on('ready', () => {
      this.down = false;
    });
  }

  async connect(): Promise<void> {
    this.lastError = undefined;
    try {
      await this.client.connect();
    } catch (error) {
      // NOTE: stop ioredis' own reconnect loop; the adapters module retries with its bounded policy.
      this.client.disconnect();
      throw this.lastError ?? error;
    }
  }

  async close(): Promise<void> {
    if (this.client.status === 'ready') {
      await this.client.quit();
    } else {
      this.client.disconnect();
    }
  }

  async get<T = unknown>(key: string): Promise<T | undefined> {
    return decodeCacheValue<T>(await this.client.get(this.prefix + key));
  }

  async set<T = unknown>(key: string, value: T, ttlSeconds?: number): Promise<void> {
    const ttl = checkTtl(ttlSeconds) ?? this.defaultTtl;
    const text = encodeCacheValue(key, value);
    if (ttl === undefined) await this.client.set(this.prefix + key, text);
    else await this.client.set(this.prefix + key, text, 'PX', toMs(ttl));
  }

  async delete(key: string): Promise<boolean> {
    return (await this.client.del(this.prefix + key)) > 0;
  }

  async has(key: string): Promise<boolean> {
    return (await this.client.exists(this.prefix + key)) > 0;
  }

  async clear(): Promise<void> {
    const match = `${escapeGlob(this.prefix)}*`;
    let cursor = '0';
    do {
      const [next, keys] = await this.client.scan(cursor, 'MATCH', match, 'COUNT', CLEAR_BATCH);
      cursor = next;
      if (keys.length > 0) await this.client.unlink(...keys);
    } while (cursor !== '0');
  }

  async getMany<T = unknown>(keys: string[]): Promise<Array<T | undefined>> {
    if (keys.length === 0) return [];
    const values = await this.client.mget(keys.map((key) => this.prefix + key));
    return values.map((value) => decodeCacheValue<T>(value));
  }

  async setMany<T = unknown>(entries: Array<{ key: string; value: T; ttlSeconds?: number }>): Promise<void> {
    if (entries.length === 0) return;
    const batch = this.client.multi();
    for (const entry of entries) {
      const ttl = checkTtl(entry.ttlSeconds) ?? this.defaultTtl;
      const text = encodeCacheValue(entry.key, entry.value);
      if (ttl === undefined) batch.set(this.prefix + entry.key, text);
      else batch.set(this.prefix + entry.key, text, 'PX', toMs(ttl));
    }
    const results = await batch.exec();
    const failed = results?.find(([error]) => error);
    if (failed?.[0]) throw failed[0];
  }

  async increment(key: string, by = 1): Promise<number> {
    const fullKey = this.prefix + key;
    if (Number.isInteger(by)) {
      try {
        return await this.client.incrby(fullKey, by);
      } catch (error) {
        // NOTE: a float value refuses INCRBY; INCRBYFLOAT below handles it (and refuses non-numbers).
        if (!(error instanceof Error && /not an integer/i.test(error.message))) throw error;
      }
    }
    try {
      return Number(await this.client.incrbyfloat(fullKey, by));
    } catch (error) {
      if (error instanceof Error && /not a valid float/i.test(error.message)) {
        throw new CacheValueError(AdaptersMessages.notNumeric(key), key);
      }
      throw error;
    }
  }

  async ttl(key: string): Promise<number | undefined> {
    const ms = await this.client.pttl(this.prefix + key);
    if (ms === -2) return undefined;
    if (ms === -1) return -1;
    return Math.max(1, Math.ceil(ms / 1000));
  }

  async ping(): Promise<void> {
    await this.client.ping();
  }
}

function toMs(seconds: number): number {
  return Math.max(1, Math.round(seconds * 1000));
}

/** Escapes Redis glob characters so a namespace like `app[1]` matches only itself. */
function escapeGlob(text: string): string {
  return text.replace(/[\\*?[\]^-]/g, (char) => `\\${char}`);
}
