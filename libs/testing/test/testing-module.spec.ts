import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { CacheAdapter, MonitoringAdapter, NoSqlAdapter, SqlAdapter, StorageAdapter } from '@acb/adapters';
import { AcbConfig, Secret } from '@acb/config';
import { AcbLogger, MemoryLogDestination } from '@acb/logger';
import { IsIn } from 'class-validator';
import {
  AcbTestingError,
  AcbTestingModule,
  mockCache,
  mockMonitoring,
  mockNoSql,
  mockSql,
  mockStorage,
  type AcbTestingModuleOptions,
} from '@acb/testing';

class PricingSettings {
  @IsIn(['EUR', 'USD'])
  currency: string = 'USD';
}

async function start(options: AcbTestingModuleOptions = {}, providers: Array<new (...args: never[]) => unknown> = []) {
  const moduleRef = await Test.createTestingModule({ imports: [AcbTestingModule.forRoot(options)], providers }).compile();
  await moduleRef.init();
  return moduleRef;
}

describe('AcbTestingModule', () => {
  const opened: TestingModule[] = [];
  const open = async (options?: AcbTestingModuleOptions, providers?: Array<new (...args: never[]) => unknown>) => {
    const moduleRef = await start(options, providers);
    opened.push(moduleRef);
    return moduleRef;
  };

  afterEach(async () => {
    while (opened.length > 0) await opened.pop()?.close();
  });

  it('gives every adapter category on its embedded implementation with no option at all', async () => {
    const moduleRef = await open();
    expect(moduleRef.get(CacheAdapter).name).toBe('memory');
    expect(moduleRef.get(SqlAdapter).dialect).toBe('sqlite');
    expect(moduleRef.get(NoSqlAdapter).name).toBe('memory');
    expect(moduleRef.get(StorageAdapter).name).toBe('memory');
    expect(moduleRef.get(MonitoringAdapter).name).toBe('none');
    expect(moduleRef.get(DataSource).options.database).toBe(':memory:');
    expect(moduleRef.get(AcbConfig).app.name).toBe('acb-test');
  });

  it('reads no settings file and no variable of the test process', async () => {
    const cwd = process.cwd();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-testing-cwd-'));
    fs.mkdirSync(path.join(dir, 'settings'));
    fs.writeFileSync(path.join(dir, 'settings', 'app.yml'), 'name: from-a-file\n');
    process.env.ACB_DEBUG__ENABLED = 'true';
    process.chdir(dir);
    try {
      const config = (await open()).get(AcbConfig);
      expect(config.app.name).toBe('acb-test');
      expect(config.debug.enabled).toBe(false);
    } finally {
      process.chdir(cwd);
      delete process.env.ACB_DEBUG__ENABLED;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes settings as section values, an env of its own and settings classes; the adapters read their sections', async () => {
    const moduleRef = await open({
      settings: { app: { name: 'shop' }, cache: { max: 2 }, pricing: { currency: '${env:CURRENCY}' } },
      env: { CURRENCY: 'EUR', ACB_APP__VERSION: '9.9.9' },
      sections: { pricing: PricingSettings },
    });
    const config = moduleRef.get(AcbConfig);
    expect(config.app.name).toBe('shop');
    expect(config.app.version).toBe('9.9.9');
    expect(config.section('pricing')).toBeInstanceOf(PricingSettings);
    expect(config.section('pricing', PricingSettings).currency).toBe('EUR');

    const cache = moduleRef.get(CacheAdapter);
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('c', 3);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([undefined, 2, 3]);
  });

  it('fails at start on invalid settings, as the application would', async () => {
    await expect(start({ settings: { app: { port: 'eighty' } } })).rejects.toThrow(/app\.port/);
    await expect(start({ settings: { pricing: { currency: 'GBP' } }, sections: { pricing: PricingSettings } })).rejects.toThrow(
      /pricing\.currency/,
    );
  });

  it('reads a settings directory when given one', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-testing-settings-'));
    fs.writeFileSync(path.join(dir, 'app.yml'), 'name: fixture-app\n');
    fs.writeFileSync(path.join(dir, 'adapters.yml'), 'storage: memory\n');
    try {
      const moduleRef = await open({ settingsDir: dir, settings: { app: { version: '2.0.0' } } });
      expect(moduleRef.get(AcbConfig).app).toMatchObject({ name: 'fixture-app', version: '2.0.0' });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each<[string, (database: string) => AcbTestingModuleOptions]>([
    ['the adapter choice', (database) => ({ adapters: { sql: { name: 'sqlite', settings: { database } } } })],
    ['the sql section', (database) => ({ adapters: { sql: 'sqlite' }, settings: { sql: { database } } })],
  ])('uses the SQLite database %s names instead of :memory:', async (_where, options) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-testing-sqlite-'));
    const database = path.join(dir, 'test.sqlite');
    try {
      const moduleRef = await open(options(database));
      await moduleRef.get(SqlAdapter).execute('CREATE TABLE t (x INTEGER)');
      expect(moduleRef.get(DataSource).options.database).toBe(database);
      expect(fs.existsSync(database)).toBe(true);
      await moduleRef.close();
      opened.pop();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an unknown adapter name with the valid ones', async () => {
    await expect(start({ adapters: { cache: 'memcached' } })).rejects.toThrow(/memcached.*valid: memory, redis/);
  });

  describe('logs', () => {
    @Injectable()
    class Checkout {
      constructor(private readonly logger: AcbLogger) {}
      run() {
        this.logger.debug('checking stock', { sku: 'a-1' });
        this.logger.info('order placed', { orderId: 42 });
      }
    }

    it('keeps them in an injectable MemoryLogDestination and prints nothing', async () => {
      const stdout = jest.spyOn(process.stdout, 'write');
      try {
        const moduleRef = await open({}, [Checkout]);
        moduleRef.get(Checkout).run();
        const logs = moduleRef.get(MemoryLogDestination);
        expect(logs.withMessage('order placed')).toEqual([expect.objectContaining({ orderId: 42, app: 'acb-test' })]);
        expect(logs.withMessage('checking stock')).toEqual([]);
        expect(stdout.mock.calls.some(([chunk]) => String(chunk).includes('order placed'))).toBe(false);
      } finally {
        stdout.mockRestore();
      }
    });

    it('writes debug lines with debug: true, into a destination the test gives', async () => {
      const logs = new MemoryLogDestination();
      const moduleRef = await open({ debug: true, logs }, [Checkout]);
      moduleRef.get(Checkout).run();
      expect(moduleRef.get(AcbConfig).debug.enabled).toBe(true);
      expect(moduleRef.get(MemoryLogDestination)).toBe(logs);
      expect(logs.withMessage('checking stock')).toEqual([expect.objectContaining({ sku: 'a-1' })]);
    });

    it('redacts secrets given in the settings, as the application does', async () => {
      const moduleRef = await open({ settings: { payment: { apiKey: new Secret('sk_test_51abc') } } });
      moduleRef.get(AcbLogger).info('calling the payment API', { header: 'Bearer sk_test_51abc' });
      const [line] = moduleRef.get(MemoryLogDestination).withMessage('calling the payment API');
      expect(line.header).toBe('[redacted]');
      expect(moduleRef.get(MemoryLogDestination).text()).not.toContain('sk_test_51abc');
    });

    it('takes logger options over the defaults', async () => {
      const moduleRef = await open({ logger: { level: 'warn' } }, [Checkout]);
      moduleRef.get(Checkout).run();
      expect(moduleRef.get(MemoryLogDestination).lines).toEqual([]);
    });
  });

  describe('mocks', () => {
    it('provides every category as its mock and builds no real adapter (no TypeORM DataSource for a mocked sql)', async () => {
      const mocks = { cache: mockCache(), sql: mockSql(), nosql: mockNoSql(), storage: mockStorage(), monitoring: mockMonitoring() };
      const moduleRef = await open({ mocks });
      expect(moduleRef.get(CacheAdapter)).toBe(mocks.cache);
      expect(moduleRef.get(SqlAdapter)).toBe(mocks.sql);
      expect(moduleRef.get(NoSqlAdapter)).toBe(mocks.nosql);
      expect(moduleRef.get(StorageAdapter)).toBe(mocks.storage);
      expect(moduleRef.get(MonitoringAdapter)).toBe(mocks.monitoring);
      expect(() => moduleRef.get(DataSource)).toThrow();
    });

    it('takes a hand-written partial fake as a mock', async () => {
      const fake: Partial<CacheAdapter> = { name: 'fake', get: async <T>() => 'always' as T };
      const moduleRef = await open({ mocks: { cache: fake } });
      expect(await moduleRef.get(CacheAdapter).get('anything')).toBe('always');
      expect(moduleRef.get(SqlAdapter).dialect).toBe('sqlite');
    });

    it('refuses an unknown category', () => {
      const mocks = { queue: mockCache() } as unknown as AcbTestingModuleOptions['mocks'];
      expect(() => AcbTestingModule.forRoot({ mocks })).toThrow(AcbTestingError);
      expect(() => AcbTestingModule.forRoot({ mocks })).toThrow(
        'cannot mock unknown adapter category "queue"; valid: cache, sql, nosql, storage, monitoring',
      );
    });
  });

  it('keeps two testing modules in one process apart (cache, database, config, logs)', async () => {
    const first = await open({ settings: { app: { name: 'one' } } });
    const second = await open({ settings: { app: { name: 'two' } } });

    await first.get(CacheAdapter).set('shared-key', 'first');
    await first.get(SqlAdapter).execute('CREATE TABLE only_in_first (x INTEGER)');
    first.get(AcbLogger).info('hello from first');

    expect(await second.get(CacheAdapter).get('shared-key')).toBeUndefined();
    // (a SQLite error is matched by its message: see user-service.memory.spec.ts on jest realms)
    await expect(second.get(SqlAdapter).fetchAll('SELECT * FROM only_in_first')).rejects.toMatchObject({
      message: expect.stringContaining('no such table: only_in_first'),
    });
    expect(second.get(MemoryLogDestination).withMessage('hello from first')).toEqual([]);
    expect(first.get(MemoryLogDestination).withMessage('hello from first')).toHaveLength(1);
    expect([first.get(AcbConfig).app.name, second.get(AcbConfig).app.name]).toEqual(['one', 'two']);
    expect(first.get(CacheAdapter)).not.toBe(second.get(CacheAdapter));
  });

  it('closes its adapters with the module', async () => {
    const moduleRef = await start();
    const sql = moduleRef.get(SqlAdapter);
    await moduleRef.close();
    await expect(sql.ping()).rejects.toThrow('The database connection is not open');
  });
});

describe('AcbTestingModule.forRootAsync', () => {
  const opened: TestingModule[] = [];
  afterEach(async () => {
    for (const moduleRef of opened.splice(0)) await moduleRef.close();
  });

  @Injectable()
  class Fixtures {
    readonly storage = mockStorage();
    readonly settings = { app: { name: 'from-factory' } };
  }

  it('builds the environment from an injected factory: settings, mocks of the listed categories, queues and events', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AcbTestingModule.forRootAsync({
          inject: [Fixtures],
          imports: [{ module: class FixturesModule {}, providers: [Fixtures], exports: [Fixtures] }],
          queues: true,
          events: true,
          mocked: ['storage'],
          useFactory: (fixtures: Fixtures) => ({ settings: fixtures.settings, mocks: { storage: fixtures.storage } }),
        }),
      ],
    }).compile();
    opened.push(moduleRef);
    await moduleRef.init();
    expect(moduleRef.get(AcbConfig).app.name).toBe('from-factory');
    expect(moduleRef.get(StorageAdapter)).toBe(moduleRef.get(Fixtures).storage);
    expect(moduleRef.get(CacheAdapter).constructor.name).toBe('MemoryCacheAdapter');
    const { Worker } = await import('@acb/queues');
    expect(moduleRef.get(Worker).running).toBe(false); // as forRoot: tests drain with drainQueues
    const { EventPublisher } = await import('@acb/events');
    expect((await moduleRef.get(EventPublisher).emit('x.y', {})).name).toBe('x.y');
  });

  it('fails at start, naming the category, when the factory gives no mock for a category listed in mocked', async () => {
    await expect(
      Test.createTestingModule({ imports: [AcbTestingModule.forRootAsync({ mocked: ['cache'], useFactory: () => ({}) })] }).compile(),
    ).rejects.toThrow(/"cache" is listed in mocked but the options factory returned no mocks.cache/);
  });
});
