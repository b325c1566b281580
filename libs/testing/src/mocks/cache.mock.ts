import type { CacheAdapter } from '@acb/adapters';
import { mockOf, type MockOf } from './mock-of';

/**
 * A jest mock of `CacheAdapter`. Defaults behave like an empty cache: `get` misses, `set` resolves, `wrap` calls its
 * function, `increment` returns `by`.
 */
export function mockCache(): MockOf<CacheAdapter> {
  return mockOf<CacheAdapter>(
    { name: 'mock' },
    {
      get: async () => undefined,
      set: async () => undefined,
      delete: async () => false,
      has: async () => false,
      clear: async () => undefined,
      getMany: async (keys: string[]) => keys.map(() => undefined),
      setMany: async () => undefined,
      increment: async (_key: string, by = 1) => by,
      ttl: async () => undefined,
      wrap: async (_key: string, _ttl: number | undefined, fn: () => Promise<unknown>) => fn(),
      ping: async () => undefined,
    },
  );
}
