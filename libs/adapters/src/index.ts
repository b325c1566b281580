export * from './cache/cache.adapter';
export * from './sql/sql.adapter';
export * from './nosql/nosql.adapter';
export * from './storage/storage.adapter';
export * from './monitoring/monitoring.adapter';
export type { AdapterContext, AdapterLifecycle, AdapterClass } from './interfaces/adapter-context.interface';
