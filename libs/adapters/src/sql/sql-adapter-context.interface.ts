import type { DataSource } from 'typeorm';
import type { AdapterContext } from '../interfaces/adapter-context.interface';

/**
 * What a SQL adapter's constructor receives: the usual context plus the TypeORM DataSource that
 * `TypeOrmModule.forRootAsync` created from the class's static `dataSourceOptions(context)` (not yet initialised;
 * the adapter's `connect()` initialises it).
 */
export interface SqlAdapterContext extends AdapterContext {
  dataSource: DataSource;
}
