import type { NoSqlAdapter, NoSqlCollection } from '@acb/adapters';
import { mockOf, type MockOf } from './mock-of';

export type MockNoSqlAdapter = MockOf<NoSqlAdapter> & {
  /** The mock collection handed out for `name` (created on first use, the same one afterwards). */
  collectionMock(name: string): MockOf<NoSqlCollection>;
};

/** A jest mock of `NoSqlAdapter`; `collection(name)` returns one jest-mocked collection per name, empty by default. */
export function mockNoSql(): MockNoSqlAdapter {
  const collections = new Map<string, MockOf<NoSqlCollection>>();
  const collectionMock = (name: string): MockOf<NoSqlCollection> => {
    let collection = collections.get(name);
    if (!collection) {
      collection = mockOf<NoSqlCollection>(
        { name },
        {
          insertOne: async (doc: Record<string, unknown>) => ({ _id: String(doc._id ?? `${name}-1`), ...doc }),
          insertMany: async (docs: Record<string, unknown>[]) =>
            docs.map((doc, i) => ({ _id: String(doc._id ?? `${name}-${i + 1}`), ...doc })),
          findOne: async () => undefined,
          find: async () => [],
          updateOne: async () => 0,
          updateMany: async () => 0,
          deleteOne: async () => 0,
          deleteMany: async () => 0,
          count: async () => 0,
        },
      );
      collections.set(name, collection);
    }
    return collection;
  };
  const adapter = mockOf<NoSqlAdapter>(
    { name: 'mock' },
    { collection: (name: string) => collectionMock(name), ping: async () => undefined },
  );
  return Object.assign(adapter, { collectionMock });
}
