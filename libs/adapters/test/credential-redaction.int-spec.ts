import { inspect } from 'node:util';
import { Logger, type LoggerService } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AcbAdaptersModule, CacheAdapter, NoSqlAdapter, SqlAdapter } from '@acb/adapters';
import { AcbConfigModule } from '@acb/config';
import { describeWithServers } from '../../../test/servers';
import { createSettingsDir, type SettingsDir } from '../../config/test/settings-dir';
import { startPrivateRedis, type PrivateRedis } from './private-redis.fixture';

jest.setTimeout(60_000);

const PASSWORD = 'Pw-9d2c7a-secret';

/** Every way a start-up failure can be shown: message, stack, util.inspect (console.error), JSON. */
function printed(error: unknown): string {
  const shown = error as Error;
  return [shown.message, shown.stack, inspect(error, { depth: 10, showHidden: true }), JSON.stringify(error)].join('\n');
}

describeWithServers(['redis', 'postgres'], 'no connection error or log line shows a password', (urls) => {
  let settings: SettingsDir;
  let lines: string[];

  beforeEach(() => {
    lines = [];
    const record = (...args: unknown[]) => lines.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg))).join(' '));
    const recorder: LoggerService = { log: record, error: record, warn: record, debug: record, verbose: record, fatal: record };
    Logger.overrideLogger(recorder);
  });

  afterEach(() => {
    Logger.overrideLogger(new Logger());
    settings?.cleanup();
  });

  const redisHostPort = () => new URL(urls.redis).host;
  const postgresHostPort = () => new URL(urls.postgres).host;

  const cases: Array<[string, string, () => string]> = [
    ['cache', 'redis', () => `redis://:\${secret:pw}@${redisHostPort()}:x/0`],
    ['cache', 'redis', () => `redis://default:\${secret:pw}@127.0.0.1:1/0`],
    ['nosql', 'redis', () => `redis://:\${secret:pw}@${redisHostPort()}:x/0`],
    ['nosql', 'redis', () => `redis://u:\${secret:pw}@127.0.0.1:1/0`],
    ['nosql', 'postgres', () => `postgres://acb:\${secret:pw}@${postgresHostPort()}:x/acb`],
    ['nosql', 'postgres', () => `postgres://acb:\${secret:pw}@${postgresHostPort()}/no_such_db_9d2c7a`],
    ['sql', 'postgres', () => `postgres://acb:\${secret:pw}@${postgresHostPort()}:x/acb`],
    ['sql', 'postgres', () => `postgres://acb:\${secret:pw}@${postgresHostPort()}/no_such_db_9d2c7a`],
  ];

  it.each(cases)('%s %s with %s', async (category, name, url) => {
    settings = createSettingsDir({ 'adapters.yml': `${category}: ${name}\n`, [`${category}.yml`]: `url: ${url()}\nconnect_timeout: 2\n` }, { pw: PASSWORD });
    let failure: unknown;
    try {
      const moduleRef = await Test.createTestingModule({
        imports: [AcbConfigModule.forRoot({ settingsDir: settings.dir, env: {} }), AcbAdaptersModule.forRoot({ connectAttempts: 2, connectDelayMs: 10 })],
      }).compile();
      await moduleRef.close();
    } catch (error) {
      failure = error;
    }
    expect(failure).toBeInstanceOf(Error);
    const text = printed(failure);
    expect(text).toMatch(new RegExp(category));
    expect(text).not.toContain(PASSWORD);
    expect(lines.join('\n')).not.toContain(PASSWORD);
  });
});

describeWithServers(['redis', 'postgres'], '${secret:...} in the url of every adapter that connects (real Secret, real servers)', (urls) => {
  let redis: PrivateRedis;
  let settings: SettingsDir | undefined;

  beforeAll(async () => {
    redis = await startPrivateRedis({ password: PASSWORD });
  });

  afterEach(() => settings?.cleanup());
  afterAll(() => redis.kill());

  it('cache and nosql on a password-protected Redis, sql and nosql on PostgreSQL', async () => {
    const redisUrl = `redis://:\${secret:pw}@127.0.0.1:${redis.port}/0`;
    settings = createSettingsDir(
      {
        'app.yml': `name: secret-urls-${Date.now()}\n`,
        'adapters.yml': 'cache: redis\nnosql: redis\nsql: postgres\n',
        'cache.yml': `url: ${redisUrl}\n`,
        'nosql.yml': `url: ${redisUrl}\n`,
        'sql.yml': 'url: ${secret:sql_url}\n',
      },
      { pw: PASSWORD, sql_url: urls.postgres },
    );
    const moduleRef = await Test.createTestingModule({
      imports: [AcbConfigModule.forRoot({ settingsDir: settings.dir, env: {} }), AcbAdaptersModule.forRoot({ connectAttempts: 1 })],
    }).compile();
    try {
      const cache = moduleRef.get(CacheAdapter);
      await cache.set('k', { at: new Date(0) });
      expect(await cache.get('k')).toEqual({ at: new Date(0) });
      const docs = moduleRef.get(NoSqlAdapter).collection('secrets');
      await docs.insertOne({ _id: 'a', ok: true });
      expect(await docs.findOne({ _id: 'a' })).toEqual({ _id: 'a', ok: true });
      await docs.deleteMany({});
      expect(await moduleRef.get(SqlAdapter).fetchOne<{ one: number }>('SELECT 1 AS one')).toEqual({ one: 1 });
      await cache.clear();
    } finally {
      await moduleRef.close();
    }
  });

  it('nosql on PostgreSQL with the whole url as a secret', async () => {
    settings = createSettingsDir({ 'adapters.yml': 'nosql: postgres\n', 'nosql.yml': 'url: ${secret:pg_url}\ntable: acb_secret_docs\n' }, { pg_url: urls.postgres });
    const moduleRef = await Test.createTestingModule({
      imports: [AcbConfigModule.forRoot({ settingsDir: settings.dir, env: {} }), AcbAdaptersModule.forRoot({ connectAttempts: 1 })],
    }).compile();
    try {
      const docs = moduleRef.get(NoSqlAdapter).collection(`secrets_${Date.now()}`);
      await docs.insertOne({ _id: 'a' });
      expect(await docs.count()).toBe(1);
      await docs.deleteMany({});
    } finally {
      await moduleRef.close();
    }
  });
});
