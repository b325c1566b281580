import { SqlAdapter, type SqlExecuteResult } from '@acb/adapters';
import type { DataSource } from 'typeorm';
import { MigrationsOptionsError } from '../errors/migrations-options.error';
import { MigrationsMessages } from '../migrations.messages';

/**
 * @internal Stands in for the sql adapter when the application has none: the app still starts (nothing to migrate),
 * and the first runner call that needs the database throws a MigrationsOptionsError saying what to import.
 */
export class UnavailableSqlAdapter extends SqlAdapter {
  readonly name = 'unavailable';
  readonly dialect = 'sqlite' as const;

  get dataSource(): DataSource {
    throw new MigrationsOptionsError(MigrationsMessages.noSqlAdapter());
  }

  execute(): Promise<SqlExecuteResult> {
    return Promise.reject(new MigrationsOptionsError(MigrationsMessages.noSqlAdapter()));
  }

  fetchOne<T>(): Promise<T | undefined> {
    return Promise.reject(new MigrationsOptionsError(MigrationsMessages.noSqlAdapter()));
  }

  fetchAll<T>(): Promise<T[]> {
    return Promise.reject(new MigrationsOptionsError(MigrationsMessages.noSqlAdapter()));
  }

  transaction<T>(): Promise<T> {
    return Promise.reject(new MigrationsOptionsError(MigrationsMessages.noSqlAdapter()));
  }

  ping(): Promise<void> {
    return Promise.reject(new MigrationsOptionsError(MigrationsMessages.noSqlAdapter()));
  }
}
