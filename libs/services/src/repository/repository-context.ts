import type { CacheAdapter } from '@acb/adapters';
import type { DataSource } from 'typeorm';
import { ServicesConfigurationError } from '../errors/configuration.error';
import { ServicesMessages } from '../services.messages';
import { RepositoryCache, type LocalCacheOptions } from './repository-cache';
import { TransactionScope } from './transaction-scope';

/** TTLs of a repository's cache, in seconds. */
export interface RepositoryCacheOptions {
  /** Entries found by primary key (`findById`). @default 300 */
  entityTtlSeconds?: number;
  /** Every other read: `findOne(criteria)`, `find`, `findAll`, `count`, `exists`. @default 60 */
  queryTtlSeconds?: number;
}

export interface RepositoryContextOptions {
  /** The TypeORM DataSource, or a function returning it when asked (it may connect later). */
  dataSource: DataSource | (() => DataSource | undefined);
  /** Cache for repositories that enable caching. */
  cache?: CacheAdapter;
  /** Caching for repositories that do not say: `false` (default) or TTLs. */
  defaultCache?: RepositoryCacheOptions | false;
  /**
   * A process-local layer in front of the shared cache for cached repositories: local writes clear it at once,
   * other processes' writes are seen within `ttlMs`. Hits return shared instances: treat them as read-only.
   * @default false
   */
  localCache?: LocalCacheOptions | false;
}

/**
 * What every repository and unit of work of one application share: the DataSource, the optional cache and the
 * transaction scope. In Nest it is provided by `AcbServicesModule`; outside Nest, `new RepositoryContext({ dataSource })`.
 */
export class RepositoryContext {
  readonly scope = new TransactionScope();
  readonly cache?: CacheAdapter;
  readonly defaultCache: RepositoryCacheOptions | false;
  private readonly source: () => DataSource | undefined;
  private readonly localCache: LocalCacheOptions | false;
  private readonly caches = new Map<string, RepositoryCache>();

  constructor(options: RepositoryContextOptions) {
    const { dataSource } = options;
    this.source = typeof dataSource === 'function' ? dataSource : () => dataSource;
    this.cache = options.cache;
    this.defaultCache = options.defaultCache ?? false;
    this.localCache = options.localCache ?? false;
  }

  /** @internal The cache of one entity, shared by every repository of it in this context. */
  repositoryCache(namespace: string): RepositoryCache | undefined {
    if (!this.cache) return undefined;
    let cache = this.caches.get(namespace);
    if (!cache) {
      cache = new RepositoryCache(this.cache, namespace, this.localCache);
      this.caches.set(namespace, cache);
    }
    return cache;
  }

  /** @throws ServicesConfigurationError when no DataSource was configured. */
  get dataSource(): DataSource {
    const dataSource = this.source();
    if (!dataSource) throw new ServicesConfigurationError(ServicesMessages.noDataSource());
    return dataSource;
  }
}
