import { Test } from '@nestjs/testing';
import { AcbAdaptersModule, CacheAdapter, MonitoringAdapter, SqlAdapter } from '@acb/adapters';

// NOTE: any require of these drivers fails loudly, so the test proves they are not loaded unless selected.
jest.mock('ioredis', () => {
  throw new Error('ioredis was loaded');
});
jest.mock('pg', () => {
  throw new Error('pg was loaded');
});
jest.mock('prom-client', () => {
  throw new Error('prom-client was loaded');
});

describe('lazy loading of adapter drivers', () => {
  it('starts memory, sqlite and none without loading ioredis, pg or prom-client', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [AcbAdaptersModule.forRoot({ sql: { name: 'sqlite', settings: { database: ':memory:' } } })],
    }).compile();
    expect(moduleRef.get(CacheAdapter).name).toBe('memory');
    expect(moduleRef.get(SqlAdapter).name).toBe('sqlite');
    expect(moduleRef.get(MonitoringAdapter).name).toBe('none');
    await moduleRef.close();
  });

  it('loads a driver when its adapter is selected', async () => {
    await expect(
      Test.createTestingModule({ imports: [AcbAdaptersModule.forRoot({ categories: ['cache'], cache: 'redis' })] }).compile(),
    ).rejects.toThrow('ioredis was loaded');
    await expect(
      Test.createTestingModule({ imports: [AcbAdaptersModule.forRoot({ categories: ['monitoring'], monitoring: 'prometheus' })] }).compile(),
    ).rejects.toThrow('prom-client was loaded');
    await expect(
      Test.createTestingModule({
        imports: [AcbAdaptersModule.forRoot({ categories: ['sql'], sql: { name: 'postgres', settings: { port: 1 } } })],
      }).compile(),
    ).rejects.toThrow(/pg/);
  });
});
