import { Readable } from 'node:stream';
import type { StorageAdapter } from '@acb/adapters';
import { mockOf, type MockOf } from './mock-of';

/** A jest mock of `StorageAdapter`. Defaults behave like an empty store; `read` rejects as a missing file would. */
export function mockStorage(): MockOf<StorageAdapter> {
  return mockOf<StorageAdapter>(
    { name: 'mock' },
    {
      write: async () => undefined,
      read: async (path: string) => {
        throw new Error(`mockStorage: no file "${path}" (set read.mockResolvedValue to return one)`);
      },
      readStream: async () => Readable.from([]),
      exists: async () => false,
      delete: async () => false,
      list: async () => [],
      stat: async () => undefined,
      ping: async () => undefined,
    },
  );
}
