import { DataSource, type DataSourceOptions } from 'typeorm';

type Entities = NonNullable<DataSourceOptions['entities']>;

/** An in-memory SQLite DataSource (better-sqlite3) with `entities`, schema synchronised. */
export async function sqliteDataSource(entities: Entities): Promise<DataSource> {
  const dataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities, synchronize: true });
  return dataSource.initialize();
}

/** A PostgreSQL DataSource on `url` with `entities` (tables created by synchronize; drop them at the end). */
export async function postgresDataSource(url: string, entities: Entities): Promise<DataSource> {
  const dataSource = new DataSource({ type: 'postgres', url, entities, synchronize: true });
  return dataSource.initialize();
}

/** A unique suffix for table names on shared servers. */
export function uniqueSuffix(): string {
  return `${process.pid}_${Date.now().toString(36)}_${Math.floor(Math.random() * 1e6).toString(36)}`;
}
