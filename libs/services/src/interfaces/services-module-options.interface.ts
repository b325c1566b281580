import type { DataSource } from 'typeorm';
import type { LocalCacheOptions } from '../repository/repository-cache';
import type { RepositoryCacheOptions } from '../repository/repository-context';
import type { CircuitBreakerOptions } from '../resilience/circuit-breaker.interface';

/** Options of the validation service. */
export interface ValidationDefaults {
  /** Strip properties the schema does not declare. @default true */
  whitelist?: boolean;
  /** Report undeclared properties as errors instead of stripping them. @default false */
  forbidNonWhitelisted?: boolean;
}

/** `AcbServicesModule.forRoot(options)`. */
export interface AcbServicesModuleOptions {
  /**
   * Service names not to register nor start (`settings/services.yml` `disabled: [...]`). A service that depends on
   * a disabled one fails the start with an error naming both.
   * @default []
   */
  disabled?: string[];
  /** The DataSource of repositories. @default the sql adapter's `dataSource` when the adapters module is present */
  dataSource?: DataSource;
  /** Cache TTLs for repositories that do not choose (needs a CacheAdapter). @default false (no caching) */
  repositoryCache?: RepositoryCacheOptions | false;
  /**
   * A process-local layer in front of the shared cache (see `RepositoryContextOptions.localCache`): other
   * processes' writes are seen within `ttlMs`. @default false
   */
  repositoryLocalCache?: LocalCacheOptions | false;
  validation?: ValidationDefaults;
  /** Defaults of every circuit breaker of the registry. */
  circuitBreaker?: CircuitBreakerOptions;
  /** How long one service's `onInit` may take before it is marked `error`. @default 30000 */
  startTimeoutMs?: number;
}
