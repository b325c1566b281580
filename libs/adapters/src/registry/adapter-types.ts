import type { AdapterCategory } from '../adapters.constants';
import { CacheAdapter } from '../cache/cache.adapter';
import { MonitoringAdapter } from '../monitoring/monitoring.adapter';
import { NoSqlAdapter } from '../nosql/nosql.adapter';
import { SqlAdapter } from '../sql/sql.adapter';
import { StorageAdapter } from '../storage/storage.adapter';

/** The abstract class (type and DI token) of each category. */
export const ADAPTER_TYPES = Object.freeze({
  cache: CacheAdapter,
  sql: SqlAdapter,
  nosql: NoSqlAdapter,
  storage: StorageAdapter,
  monitoring: MonitoringAdapter,
} satisfies Record<AdapterCategory, abstract new (...args: never[]) => unknown>);

/** `AdapterTypes['cache']` is `typeof CacheAdapter`. */
export type AdapterTypes = typeof ADAPTER_TYPES;
