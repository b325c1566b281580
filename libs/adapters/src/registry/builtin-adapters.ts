import type { AdapterCategory } from '../adapters.constants';
import type { AdapterClass } from '../interfaces/adapter-context.interface';

/** Loads an implementation class on demand, so its module and driver are required only when it is selected. */
export type AdapterLoader = () => AdapterClass;

type BuiltInTable = Readonly<Record<AdapterCategory, Readonly<Record<string, AdapterLoader>>>>;

/** The built-in implementations. Immutable: additions go through `registerAdapter` or the `custom` option. */
export const BUILTIN_ADAPTERS: BuiltInTable = Object.freeze({
  cache: Object.freeze({
    memory: () => require('../cache/memory.cache').MemoryCacheAdapter,
    redis: () => require('../cache/redis.cache').RedisCacheAdapter,
  }),
  sql: Object.freeze({
    sqlite: () => require('../sql/sqlite.sql').SqliteSqlAdapter,
    postgres: () => require('../sql/postgres.sql').PostgresSqlAdapter,
  }),
  nosql: Object.freeze({
    memory: () => require('../nosql/memory/memory-nosql.adapter').MemoryNoSqlAdapter,
    redis: () => require('../nosql/redis/redis-nosql.adapter').RedisNoSqlAdapter,
    postgres: () => require('../nosql/postgres/postgres-nosql.adapter').PostgresNoSqlAdapter,
  }),
  storage: Object.freeze({
    memory: () => require('../storage/memory/memory-storage.adapter').MemoryStorageAdapter,
    file: () => require('../storage/file/file-storage.adapter').FileStorageAdapter,
  }),
  monitoring: Object.freeze({
    none: () => require('../monitoring/none.monitoring').NoneMonitoringAdapter,
    prometheus: () => require('../monitoring/prometheus.monitoring').PrometheusMonitoringAdapter,
  }),
});
