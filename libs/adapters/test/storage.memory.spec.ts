import { MemoryStorageAdapter } from '../src/storage/memory/memory-storage.adapter';
import { runStorageConformance } from './conformance/storage.conformance';

runStorageConformance('memory', {
  create: async () => new MemoryStorageAdapter(),
  destroy: async () => undefined,
});

describe('MemoryStorageAdapter', () => {
  it('keeps two instances apart (two apps in one process)', async () => {
    const first = new MemoryStorageAdapter();
    const second = new MemoryStorageAdapter();
    await first.write('a.txt', 'a');
    expect(await second.exists('a.txt')).toBe(false);
  });
});
