import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Inject, Injectable, type INestApplication } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import request from 'supertest';
import { Column, Entity, PrimaryColumn, Repository } from 'typeorm';
import { AcbConfigModule, Secret } from '@acb/config';
import {
  AcbAdaptersModule,
  AcbMetricsController,
  AdapterConnectionError,
  AdaptersHealthIndicator,
  CacheAdapter,
  InjectAdapter,
  MonitoringAdapter,
  NoSqlAdapter,
  SqlAdapter,
  StorageAdapter,
  UnknownAdapterCategoryError,
  UnknownAdapterError,
  importAdapter,
  listAdapters,
  registerAdapter,
  type AdapterCategory,
  type AdapterContext,
} from '@acb/adapters';

// NOTE: jest.config.js sets testTimeout per project, which jest 29 ignores; a loaded CI machine needs more than 5 s.
jest.setTimeout(30_000);

const NO_FILES = `/nonexistent-acb-settings-${randomUUID()}`;
const IN_MEMORY_SQL = { name: 'sqlite', settings: { database: ':memory:' } };

function configModule(values: Record<string, unknown>) {
  return AcbConfigModule.forRoot({ settingsDir: NO_FILES, values, env: {} });
}

/** A cache whose connection can be scripted: fails `failures` times, then connects. */
function scriptedCache(state: { connects: number; closes: number; failures: number; ping?: () => Promise<void> }) {
  return class ScriptedCache extends (importAdapter('cache') as unknown as new () => CacheAdapter) {
    readonly name = 'scripted';
    readonly target = '10.9.8.7:4242';
    constructor(readonly context: AdapterContext) {
      super();
    }
    async connect(): Promise<void> {
      state.connects += 1;
      if (state.connects <= state.failures) throw new Error(`refused #${state.connects}`);
    }
    async close(): Promise<void> {
      state.closes += 1;
    }
    async ping(): Promise<void> {
      await state.ping?.();
    }
    get = jest.fn();
    set = jest.fn();
    delete = jest.fn();
    has = jest.fn();
    clear = jest.fn();
    getMany = jest.fn();
    setMany = jest.fn();
    increment = jest.fn();
    ttl = jest.fn();
    wrap = jest.fn();
  };
}

@Entity({ name: 'acb_module_notes' })
class Note {
  @PrimaryColumn()
  id!: number;

  @Column()
  body!: string;
}

@Injectable()
class NotesService {
  constructor(
    @InjectRepository(Note) readonly notes: Repository<Note>,
    @InjectAdapter('sql') readonly sql: SqlAdapter,
    @InjectAdapter('cache') readonly cache: CacheAdapter,
  ) {}
}

// The seed's example: `Cache = import_adapter("cache")`, then `cache: Cache = depends()`.
const Cache = importAdapter('cache');
const Storage = importAdapter('storage');

@Injectable()
class DataService {
  constructor(
    @Inject(Cache) private readonly cache: InstanceType<typeof Cache>,
    @Inject(Storage) private readonly storage: InstanceType<typeof Storage>,
  ) {}

  async processData(): Promise<string> {
    let data = await this.cache.get<string>('key');
    if (!data) {
      data = (await this.storage.read('file.txt')).toString('utf8');
      await this.cache.set('key', data);
    }
    return data;
  }
}

describe('AcbAdaptersModule', () => {
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
  });

  it('provides every category from settings/adapters.yml under its abstract class, connected', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        configModule({
          app: { name: 'module-spec' },
          adapters: { cache: 'memory', sql: 'sqlite', nosql: 'memory', storage: 'memory', monitoring: 'prometheus' },
          sql: { database: ':memory:' },
        }),
        AcbAdaptersModule.forRoot(),
      ],
    }).compile();
    await moduleRef.init();
    expect(moduleRef.get(CacheAdapter).name).toBe('memory');
    expect(moduleRef.get(MonitoringAdapter).name).toBe('prometheus');
    expect(moduleRef.get(NoSqlAdapter).name).toBe('memory');
    expect(moduleRef.get(StorageAdapter).name).toBe('memory');
    const sql = moduleRef.get(SqlAdapter);
    expect(sql.name).toBe('sqlite');
    expect(sql.dataSource.isInitialized).toBe(true);
    expect(await sql.fetchOne('SELECT 1 AS one')).toEqual({ one: 1 });
  });

  it('lets forRoot options override the settings, and merges option settings over the category section', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        configModule({ adapters: { monitoring: 'none', cache: 'memory' }, cache: { max: 1000, defaultTtl: 30 } }),
        AcbAdaptersModule.forRoot({ monitoring: 'prometheus', cache: { name: 'memory', settings: { max: 2 } }, sql: IN_MEMORY_SQL }),
      ],
    }).compile();
    expect(moduleRef.get(MonitoringAdapter).name).toBe('prometheus');
    const cache = moduleRef.get(CacheAdapter);
    await cache.set('a', 1);
    await cache.set('b', 2);
    await cache.set('c', 3);
    expect(await cache.getMany(['a', 'b', 'c'])).toEqual([undefined, 2, 3]);
    expect(await cache.ttl('c')).toBe(30);
  });

  it("reads the category files' keys in the seed's snake_case spelling too (camelCase wins when both are written)", async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        configModule({
          adapters: { monitoring: 'prometheus', cache: 'memory' },
          cache: { default_ttl: 30, max: 2 },
          monitoring: { default_labels: { service_name: 'shop' }, default_metrics: true, prefix: 'acb_' },
        }),
        AcbAdaptersModule.forRoot({ sql: IN_MEMORY_SQL }),
      ],
    }).compile();
    const cache = moduleRef.get(CacheAdapter);
    await cache.set('a', 1);
    expect(await cache.ttl('a')).toBe(30);
    const metrics = await (moduleRef.get(MonitoringAdapter) as unknown as { metrics(): Promise<{ body: string }> }).metrics();
    expect(metrics.body).toMatch(/acb_process_cpu_user_seconds_total\{service_name="shop"\}/);
  });

  it('gives an adapter each snake_case key also under its camelCase name, in backend blocks too', async () => {
    const seen: AdapterContext[] = [];
    const Capturing = class extends scriptedCache({ connects: 0, closes: 0, failures: 0 }) {
      constructor(context: AdapterContext) {
        super(context);
        seen.push(context);
      }
    };
    moduleRef = await Test.createTestingModule({
      imports: [
        configModule({
          adapters: { cache: 'capturing' },
          cache: { connect_timeout: 5, connectTimeout: 7, 'max-retries-per-request': 1, redis: { pool_size: 3 }, labels: { a_b: 1 } },
        }),
        AcbAdaptersModule.forRoot({ categories: ['cache'], custom: [{ category: 'cache', name: 'capturing', use: Capturing }] }),
      ],
    }).compile();
    expect(seen[0].settings).toMatchObject({ connectTimeout: 7, maxRetriesPerRequest: 1, redis: { pool_size: 3, poolSize: 3 }, labels: { a_b: 1 } });
    expect(seen[0].settings.labels).toEqual({ a_b: 1 });
  });

  it('hands adapters their settings section with secrets revealed and app.name as the namespace', async () => {
    const seen: AdapterContext[] = [];
    const Capturing = class extends scriptedCache({ connects: 0, closes: 0, failures: 0 }) {
      constructor(context: AdapterContext) {
        super(context);
        seen.push(context);
      }
    };
    moduleRef = await Test.createTestingModule({
      imports: [
        configModule({ app: { name: 'shop' }, adapters: { cache: 'capturing' }, cache: { host: 'cache.local', password: new Secret('s3cret') } }),
        AcbAdaptersModule.forRoot({ categories: ['cache'], custom: [{ category: 'cache', name: 'capturing', use: Capturing }] }),
      ],
    }).compile();
    expect(seen).toHaveLength(1);
    expect(seen[0].appName).toBe('shop');
    expect(seen[0].settings).toEqual({ host: 'cache.local', password: 's3cret' });
  });

  it("runs the seed's import_adapter example", async () => {
    moduleRef = await Test.createTestingModule({
      imports: [AcbAdaptersModule.forRoot({ categories: ['cache', 'storage'] })],
      providers: [DataService],
    }).compile();
    await moduleRef.get(StorageAdapter).write('file.txt', 'from storage');
    const service = moduleRef.get(DataService);
    expect(await service.processData()).toBe('from storage');
    await moduleRef.get(StorageAdapter).write('file.txt', 'changed');
    expect(await service.processData()).toBe('from storage');
  });

  it('works without AcbConfig, on the defaults', async () => {
    moduleRef = await Test.createTestingModule({ imports: [AcbAdaptersModule.forRoot({ sql: IN_MEMORY_SQL })] }).compile();
    expect(moduleRef.get(CacheAdapter).name).toBe('memory');
    expect(moduleRef.get(MonitoringAdapter).name).toBe('none');
  });

  it('supports forRootAsync with injected options', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        configModule({}),
        AcbAdaptersModule.forRootAsync({ useFactory: async () => ({ monitoring: 'prometheus', sql: IN_MEMORY_SQL }) }),
      ],
    }).compile();
    expect(moduleRef.get(MonitoringAdapter).name).toBe('prometheus');
  });

  it('fails at start on an unknown name in settings, naming the file and the valid names', async () => {
    const compiling = Test.createTestingModule({
      imports: [configModule({ adapters: { cache: 'redix' } }), AcbAdaptersModule.forRoot({ sql: IN_MEMORY_SQL })],
    }).compile();
    await expect(compiling).rejects.toThrow(new UnknownAdapterError('cache', 'redix', 'settings/adapters.yml', ['memory', 'redis']));
    await expect(compiling).rejects.toThrow('Unknown cache adapter "redix" in settings/adapters.yml; valid: memory, redis');
  });

  it('fails at start on an unknown name in the options', async () => {
    await expect(
      Test.createTestingModule({ imports: [AcbAdaptersModule.forRoot({ sql: 'mysql' })] }).compile(),
    ).rejects.toThrow('Unknown sql adapter "mysql" in AcbAdaptersModule options; valid: sqlite, postgres');
  });

  it('provides only the categories asked for', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [AcbAdaptersModule.forRoot({ categories: ['cache', 'monitoring'] })],
    }).compile();
    expect(moduleRef.get(CacheAdapter).name).toBe('memory');
    expect(() => moduleRef!.get(SqlAdapter)).toThrow();
    expect(() => moduleRef!.get(StorageAdapter)).toThrow();
    expect(() => AcbAdaptersModule.forRoot({ categories: ['queue' as AdapterCategory] })).toThrow(UnknownAdapterCategoryError);
  });

  it('shares the SQL connection with TypeORM repositories (TypeOrmModule.forFeature) and injects by category', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [AcbAdaptersModule.forRoot({ sql: IN_MEMORY_SQL }), TypeOrmModule.forFeature([Note])],
      providers: [NotesService],
    }).compile();
    const service = moduleRef.get(NotesService);
    expect(service.cache).toBe(moduleRef.get(CacheAdapter));
    await service.sql.execute('CREATE TABLE acb_module_notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
    await service.notes.save({ id: 1, body: 'from the repository' });
    expect(await service.sql.fetchOne('SELECT body FROM acb_module_notes WHERE id = ?', [1])).toEqual({ body: 'from the repository' });
    await service.sql.transaction(async (tx) => {
      await tx.execute('INSERT INTO acb_module_notes (id, body) VALUES (?, ?)', [2, 'from sql']);
    });
    expect(await service.notes.findOneBy({ id: 2 })).toEqual({ id: 2, body: 'from sql' });
  });

  it('never creates, alters or drops tables on start', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-module-'));
    const database = path.join(dir, 'app.sqlite');
    const sqlite = { name: 'sqlite', settings: { database } };
    try {
      moduleRef = await Test.createTestingModule({ imports: [AcbAdaptersModule.forRoot({ sql: sqlite, categories: ['sql'] })] }).compile();
      const before = moduleRef.get(SqlAdapter);
      await before.execute('CREATE TABLE acb_module_notes (id INTEGER PRIMARY KEY, legacy TEXT)');
      await before.execute('CREATE TABLE unrelated (id INTEGER)');
      await before.execute('INSERT INTO acb_module_notes (id, legacy) VALUES (?, ?)', [1, 'kept']);
      await moduleRef.close();

      moduleRef = await Test.createTestingModule({
        imports: [AcbAdaptersModule.forRoot({ sql: sqlite, categories: ['sql'] }), TypeOrmModule.forFeature([Note])],
      }).compile();
      const after = moduleRef.get(SqlAdapter);
      expect(await after.fetchAll("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")).toEqual([
        { name: 'acb_module_notes' },
        { name: 'unrelated' },
      ]);
      expect(await after.fetchAll('SELECT id, legacy FROM acb_module_notes')).toEqual([{ id: 1, legacy: 'kept' }]);
    } finally {
      await moduleRef?.close();
      moduleRef = undefined;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('closes every adapter on shutdown', async () => {
    const state = { connects: 0, closes: 0, failures: 0 };
    moduleRef = await Test.createTestingModule({
      imports: [
        AcbAdaptersModule.forRoot({
          cache: 'scripted',
          sql: IN_MEMORY_SQL,
          custom: [{ category: 'cache', name: 'scripted', use: scriptedCache(state) }],
        }),
      ],
    }).compile();
    const sql = moduleRef.get(SqlAdapter);
    expect(state).toMatchObject({ connects: 1, closes: 0 });
    await moduleRef.close();
    moduleRef = undefined;
    expect(state.closes).toBe(1);
    expect(sql.dataSource.isInitialized).toBe(false);
  });

  describe('connecting', () => {
    it('retries a failing connect within the bound, then starts', async () => {
      const state = { connects: 0, closes: 0, failures: 2 };
      moduleRef = await Test.createTestingModule({
        imports: [
          AcbAdaptersModule.forRoot({
            cache: 'scripted',
            categories: ['cache'],
            connectAttempts: 3,
            connectDelayMs: 5,
            custom: [{ category: 'cache', name: 'scripted', use: scriptedCache(state) }],
          }),
        ],
      }).compile();
      expect(moduleRef.get(CacheAdapter).name).toBe('scripted');
      expect(state.connects).toBe(3);
    });

    it('gives up after connectAttempts with an error naming host and port, and closes what started', async () => {
      const state = { connects: 0, closes: 0, failures: 100 };
      const attempt = Test.createTestingModule({
        imports: [
          AcbAdaptersModule.forRoot({
            cache: 'scripted',
            sql: IN_MEMORY_SQL,
            connectAttempts: 2,
            connectDelayMs: 5,
            custom: [{ category: 'cache', name: 'scripted', use: scriptedCache(state) }],
          }),
        ],
      }).compile();
      await expect(attempt).rejects.toBeInstanceOf(AdapterConnectionError);
      await expect(attempt).rejects.toThrow(
        'Cannot connect the cache adapter "scripted" to 10.9.8.7:4242 after 2 attempts: refused #2',
      );
      expect(state.connects).toBe(2);
      expect(state.closes).toBe(1);
    });

    it('closes an adapter that finishes connecting after another one failed', async () => {
      const failing = { connects: 0, closes: 0, failures: 100 };
      const slow = { connects: 0, closes: 0, failures: 0 };
      const SlowMonitoring = class extends (importAdapter('monitoring') as unknown as new () => MonitoringAdapter) {
        readonly name = 'slow';
        readonly enabled = false;
        async connect(): Promise<void> {
          slow.connects += 1;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        async close(): Promise<void> {
          slow.closes += 1;
        }
        counter = jest.fn();
        gauge = jest.fn();
        histogram = jest.fn();
        metrics = jest.fn();
        ping = jest.fn();
      };
      await expect(
        Test.createTestingModule({
          imports: [
            AcbAdaptersModule.forRoot({
              categories: ['cache', 'monitoring'],
              cache: 'scripted',
              monitoring: 'slow',
              connectAttempts: 1,
              custom: [
                { category: 'cache', name: 'scripted', use: scriptedCache(failing) },
                { category: 'monitoring', name: 'slow', use: SlowMonitoring },
              ],
            }),
          ],
        }).compile(),
      ).rejects.toBeInstanceOf(AdapterConnectionError);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(slow).toEqual({ connects: 1, closes: 1, failures: 0 });
      expect(failing.closes).toBe(1);
    });
  });

  describe('registry', () => {
    it('importAdapter returns the abstract class of a category', () => {
      expect(importAdapter('cache')).toBe(CacheAdapter);
      expect(importAdapter('sql')).toBe(SqlAdapter);
      expect(importAdapter('monitoring')).toBe(MonitoringAdapter);
      expect(() => importAdapter('queue' as AdapterCategory)).toThrow('Unknown adapter category "queue"; valid: cache, sql, nosql, storage, monitoring');
    });

    it('registerAdapter makes a name selectable from settings in every app of the process, once', async () => {
      const state = { connects: 0, closes: 0, failures: 0 };
      const Registered = scriptedCache(state);
      registerAdapter('cache', 'registered-in-spec', Registered);
      registerAdapter('cache', 'registered-in-spec', Registered);
      expect(listAdapters('cache')).toEqual(['memory', 'redis', 'registered-in-spec']);
      expect(() => registerAdapter('cache', 'registered-in-spec', scriptedCache(state))).toThrow(/already registered/);
      expect(() => registerAdapter('cache', 'redis', Registered)).toThrow(/already registered/);
      moduleRef = await Test.createTestingModule({
        imports: [configModule({ adapters: { cache: 'registered-in-spec' } }), AcbAdaptersModule.forRoot({ categories: ['cache'] })],
      }).compile();
      expect(moduleRef.get(CacheAdapter).name).toBe('scripted');
    });

    it('keeps a custom option to its own application: two apps in one process do not interfere', async () => {
      const state = { connects: 0, closes: 0, failures: 0 };
      const first = await Test.createTestingModule({
        imports: [
          AcbAdaptersModule.forRoot({
            cache: 'app-only',
            categories: ['cache'],
            custom: [{ category: 'cache', name: 'app-only', use: scriptedCache(state) }],
          }),
        ],
      }).compile();
      const second = await Test.createTestingModule({ imports: [AcbAdaptersModule.forRoot({ categories: ['cache'] })] }).compile();
      const third = await Test.createTestingModule({ imports: [AcbAdaptersModule.forRoot({ categories: ['cache'] })] }).compile();
      expect(first.get(CacheAdapter).name).toBe('scripted');
      await second.get(CacheAdapter).set('k', 'second');
      expect(await third.get(CacheAdapter).get('k')).toBeUndefined();
      await expect(
        Test.createTestingModule({ imports: [AcbAdaptersModule.forRoot({ cache: 'app-only', categories: ['cache'] })] }).compile(),
      ).rejects.toThrow(UnknownAdapterError);
      await first.close();
      await second.close();
      await third.close();
      expect(state.closes).toBe(1);
    });
  });

  describe('health', () => {
    it('reports up with the adapter and target, and down when a ping fails or is late', async () => {
      let ping: () => Promise<void> = async () => undefined;
      const state = { connects: 0, closes: 0, failures: 0, ping: () => ping() };
      moduleRef = await Test.createTestingModule({
        imports: [
          AcbAdaptersModule.forRoot({
            cache: 'scripted',
            sql: IN_MEMORY_SQL,
            categories: ['cache', 'sql'],
            healthTimeoutMs: 50,
            custom: [{ category: 'cache', name: 'scripted', use: scriptedCache(state) }],
          }),
        ],
      }).compile();
      const health = moduleRef.get(AdaptersHealthIndicator);
      expect(await health.checkAll()).toEqual({
        cache: { status: 'up', adapter: 'scripted', target: '10.9.8.7:4242' },
        sql: { status: 'up', adapter: 'sqlite', target: ':memory:' },
      });
      ping = async () => {
        throw new Error('connection reset');
      };
      expect(await health.isHealthy('cache')).toEqual({
        cache: { status: 'down', adapter: 'scripted', target: '10.9.8.7:4242', message: 'connection reset' },
      });
      ping = () => new Promise(() => undefined);
      expect(await health.isHealthy('cache', 'redis-cache')).toEqual({
        'redis-cache': {
          status: 'down',
          adapter: 'scripted',
          target: '10.9.8.7:4242',
          message: 'cache adapter "scripted" did not answer a ping within 50 ms',
        },
      });
      expect((await health.isHealthy('storage')).storage.status).toBe('down');
    });
  });

  describe('/metrics', () => {
    let app: INestApplication;

    afterEach(async () => {
      await app.close();
    });

    it('serves the prometheus exposition of this application', async () => {
      const testing = await Test.createTestingModule({
        imports: [AcbAdaptersModule.forRoot({ monitoring: 'prometheus', categories: ['monitoring'] })],
        controllers: [AcbMetricsController],
      }).compile();
      app = testing.createNestApplication({ logger: false });
      await app.init();
      app.get(MonitoringAdapter).counter({ name: 'acb_http_requests_total', help: 'Requests' }).inc(undefined, 3);
      const response = await request(app.getHttpServer()).get('/metrics').expect(200);
      expect(response.headers['content-type']).toMatch(/^text\/plain;.*version=0\.0\.4/);
      expect(response.text).toMatch(/acb_http_requests_total 3/);
    });

    it('serves an empty body with monitoring none', async () => {
      const testing = await Test.createTestingModule({
        imports: [AcbAdaptersModule.forRoot({ categories: ['monitoring'] })],
        controllers: [AcbMetricsController],
      }).compile();
      app = testing.createNestApplication({ logger: false });
      await app.init();
      const response = await request(app.getHttpServer()).get('/metrics').expect(200);
      expect(response.text).toBe('');
    });
  });
});
