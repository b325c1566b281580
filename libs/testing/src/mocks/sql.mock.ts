import type { SqlAdapter } from '@acb/adapters';
import { mockOf, type MockOf } from './mock-of';

/**
 * A jest mock of `SqlAdapter` (SQLite dialect). Defaults: no rows, nothing affected; `transaction` runs its function
 * with the mock itself. `dataSource` is undefined: a test that needs TypeORM uses the real sqlite adapter instead.
 */
export function mockSql(): MockOf<SqlAdapter> {
  const mock = mockOf<SqlAdapter>(
    { name: 'mock', dialect: 'sqlite', dataSource: undefined },
    {
      execute: async () => ({ affected: 0, rows: [] }),
      fetchOne: async () => undefined,
      fetchAll: async () => [],
      transaction: async (fn: (tx: SqlAdapter) => Promise<unknown>) => fn(mock as unknown as SqlAdapter),
      ping: async () => undefined,
    },
  );
  return mock;
}
