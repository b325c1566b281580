export * from './cache/cache.adapter';
export * from './sql/sql.adapter';
export * from './nosql/nosql.adapter';
export * from './storage/storage.adapter';
export * from './monitoring/monitoring.adapter';
export type { AdapterContext, AdapterLifecycle, AdapterClass } from './interfaces/adapter-context.interface';
export type {
  AcbAdaptersModuleOptions,
  AcbAdaptersModuleExtras,
  AdapterChoice,
  CustomAdapterRegistration,
} from './interfaces/adapters-module-options.interface';
export { ADAPTER_CATEGORIES, DEFAULT_ADAPTER_NAMES, type AdapterCategory } from './adapters.constants';
export { AcbAdaptersModule } from './adapters.module';
export { ACB_ADAPTERS_OPTIONS } from './adapters.module-definition';
export { importAdapter, registerAdapter, listAdapters } from './registry/adapters.registry';
export type { AdapterTypes } from './registry/adapter-types';
export { InjectAdapter } from './decorators/inject-adapter.decorator';
export { AdaptersHealthIndicator } from './health/adapters-health.indicator';
export { AcbMetricsController } from './monitoring/metrics.controller';
export { TypeOrmSqlAdapter, SAFE_DATA_SOURCE_OPTIONS } from './sql/typeorm-sql.adapter';
export { TransactionSqlAdapter } from './sql/transaction-sql.adapter';
export type { SqlAdapterContext } from './sql/sql-adapter-context.interface';
export { UnknownAdapterError } from './errors/unknown-adapter.error';
export { UnknownAdapterCategoryError } from './errors/unknown-adapter-category.error';
export { AdapterConnectionError } from './errors/adapter-connection.error';
export { AdapterTimeoutError } from './errors/adapter-timeout.error';
export { AdapterConfigurationError } from './errors/adapter-configuration.error';
export { CacheValueError } from './errors/cache-value.error';
export { MetricTypeMismatchError } from './errors/metric-type-mismatch.error';
export { SqlParameterError } from './errors/sql-parameter.error';
export { SqlTransactionFinishedError } from './errors/sql-transaction-finished.error';
// nosql and storage errors (their engineer owns the classes; exported here so users can test `instanceof`)
export { NoSqlConnectionError } from './nosql/errors/nosql-connection.error';
export { NoSqlDocumentError } from './nosql/errors/nosql-document.error';
export { NoSqlDuplicateIdError } from './nosql/errors/nosql-duplicate-id.error';
export { NoSqlQueryError } from './nosql/errors/nosql-query.error';
export { NoSqlUpdateError } from './nosql/errors/nosql-update.error';
export { StorageNotFoundError } from './storage/errors/storage-not-found.error';
export { StoragePathError } from './storage/errors/storage-path.error';
export { StorageUnavailableError } from './storage/errors/storage-unavailable.error';
