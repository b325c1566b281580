import { MemoryNoSqlAdapter } from '../src/nosql/memory/memory-nosql.adapter';
import { runNoSqlConformance } from './conformance/nosql.conformance';

runNoSqlConformance('memory', {
  create: async () => new MemoryNoSqlAdapter(),
  destroy: async () => undefined,
});

describe('MemoryNoSqlAdapter', () => {
  it('keeps two instances apart (two apps in one process)', async () => {
    const first = new MemoryNoSqlAdapter();
    const second = new MemoryNoSqlAdapter();
    await first.collection('users').insertOne({ _id: 'u1' });
    expect(await second.collection('users').count()).toBe(0);
    expect(await first.collection('users').count()).toBe(1);
  });
});
