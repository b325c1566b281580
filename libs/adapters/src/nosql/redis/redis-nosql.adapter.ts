import type { Redis, RedisOptions } from 'ioredis';
import type { AdapterContext } from '../../interfaces/adapter-context.interface';
import { NoSqlAdapter, type NoSqlCollection, type NoSqlDocument } from '../nosql.adapter';
import { NOSQL_MESSAGES } from '../nosql.messages';
import { checkCollectionName } from '../base/collection-name';
import { backendSettings, numberSetting, stringSetting, withTimeout } from '../base/connection-settings';
import { StoreBackedCollection } from '../base/store-backed.collection';
import { NoSqlConnectionError } from '../errors/nosql-connection.error';
import { RedisDocumentStore } from './redis-document.store';
import { requireOptionalPeer } from '@acb/common';
import { durationSetting } from '../../settings/duration-setting';

/**
 * nosql `redis`: documents as JSON strings under `<namespace>:nosql:<collection>:<id>` plus one id set per collection
 * (`<namespace>:nosql:<collection>`); `namespace` is `app.name`.
 *
 * Trade-off: Redis has no query language for JSON, so every find/count/update/delete loads the collection's
 * documents (SMEMBERS + MGET in batches) and filters them with the same matcher as `memory`. Correct and identical
 * to the other backends; cost grows with the collection size (fine for thousands of documents, not millions).
 * Updates are atomic per document across processes: each write is a compare-and-set (Lua) against the JSON that was
 * read, and a document changed meanwhile is read again and re-checked (no lost `$inc`, no resurrected document).
 *
 * Settings (`settings/nosql.yml`, under `redis:` or at the top): `url` (`redis://host:port/db`) or `host`
 * (127.0.0.1), `port` (6379), `password`, `db` (0); `namespace` (app.name), `connect_timeout` (5 s),
 * `ping_timeout` (2 s), `maxRetriesPerRequest` (3).
 */
export class RedisNoSqlAdapter extends NoSqlAdapter {
  readonly name = 'redis';
  /** `host:port`, for messages and the health indicator. */
  readonly target: string;
  private readonly namespace: string;
  private readonly url: string | undefined;
  private readonly options: RedisOptions;
  private readonly pingTimeoutMs: number;
  private client: Redis | undefined;
  private readonly collections = new Map<string, StoreBackedCollection<NoSqlDocument>>();

  constructor(private readonly context: AdapterContext) {
    super();
    const settings = backendSettings(context.settings, 'redis');
    this.namespace = stringSetting(settings, 'namespace') ?? context.appName;
    this.pingTimeoutMs = durationSetting(settings, 'pingTimeout', 2000, 'nosql.redis');
    this.url = stringSetting(settings, 'url');
    this.options = {
      lazyConnect: true,
      connectTimeout: durationSetting(settings, 'connectTimeout', 5000, 'nosql.redis'),
      maxRetriesPerRequest: numberSetting(settings, 'maxRetriesPerRequest', 3),
      retryStrategy: (times) => Math.min(times * 100, 2000),
    };
    const password = stringSetting(settings, 'password');
    if (password) this.options.password = password;
    if (settings.db !== undefined) this.options.db = numberSetting(settings, 'db', 0);
    if (this.url) {
      const parsed = new URL(this.url);
      this.target = `${parsed.hostname || '127.0.0.1'}:${parsed.port || '6379'}`;
    } else {
      this.options.host = stringSetting(settings, 'host') ?? '127.0.0.1';
      this.options.port = numberSetting(settings, 'port', 6379);
      this.target = `${this.options.host}:${this.options.port}`;
    }
  }

  async connect(): Promise<void> {
    if (this.client) return;
    // NOTE: required here so that ioredis is only needed when this adapter is selected.
    const { Redis: RedisClient } = requireOptionalPeer<typeof import('ioredis')>('ioredis', 'the redis nosql adapter', () => require('ioredis'));
    const client = this.url ? new RedisClient(this.url, this.options) : new RedisClient(this.options);
    let lastError: Error | undefined;
    client.on('error', (error: Error) => {
      lastError = error;
    });
    try {
      await client.connect();
    } catch (error) {
      // NOTE: stop ioredis' own reconnect loop; the adapters module retries with its bounded policy.
      client.disconnect();
      const cause = lastError ?? (error as Error);
      throw new NoSqlConnectionError(NOSQL_MESSAGES.connectFailed(this.name, this.target, cause.message), { cause });
    }
    client.removeAllListeners('error');
    client.on('error', (error: Error) => this.context.logger.warn?.(`nosql redis ${this.target}: ${error.message}`, 'AcbNoSql'));
    this.client = client;
  }

  async close(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    if (!client) return;
    if (client.status === 'ready') await client.quit();
    else client.disconnect();
  }

  collection<T extends NoSqlDocument = NoSqlDocument>(name: string): NoSqlCollection<T> {
    checkCollectionName(name);
    let collection = this.collections.get(name);
    if (!collection) {
      collection = new StoreBackedCollection(name, new RedisDocumentStore(() => this.requireClient(), this.namespace, name));
      this.collections.set(name, collection);
    }
    return collection as unknown as NoSqlCollection<T>;
  }

  /** `PING`, bounded by `pingTimeoutMs`. */
  async ping(): Promise<void> {
    const client = this.requireClient();
    await withTimeout(
      client.ping(),
      this.pingTimeoutMs,
      () => new NoSqlConnectionError(NOSQL_MESSAGES.pingTimeout(this.name, this.target, this.pingTimeoutMs)),
    );
  }

  private requireClient(): Redis {
    if (!this.client) throw new NoSqlConnectionError(NOSQL_MESSAGES.notConnected(this.name));
    return this.client;
  }
}
