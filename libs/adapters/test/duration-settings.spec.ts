import { AdapterConfigurationError } from '@acb/adapters';
import { RedisCacheAdapter } from '../src/cache/redis.cache';
import { durationSetting } from '../src/settings/duration-setting';
import { PostgresSqlAdapter } from '../src/sql/postgres.sql';
import { SqliteSqlAdapter } from '../src/sql/sqlite.sql';
import { adapterContext } from './adapter-context.fixture';

describe('adapter settings durations: seconds in the file, milliseconds for the driver', () => {
  it('reads seconds in either key spelling, and the default when the key is absent', () => {
    expect(durationSetting({ connectTimeout: 2.5 }, 'connectTimeout', 5000, 'cache')).toBe(2500);
    expect(durationSetting({ connect_timeout: '0.5' }, 'connectTimeout', 5000, 'cache')).toBe(500);
    expect(durationSetting({}, 'connectTimeout', 5000, 'cache')).toBe(5000);
  });

  it('refuses a key still in milliseconds, naming it and the seconds spelling', () => {
    expect(() => durationSetting({ connectTimeoutMs: 2000 }, 'connectTimeout', 5000, 'cache')).toThrow(AdapterConfigurationError);
    expect(() => durationSetting({ ping_timeout_ms: 1500 }, 'pingTimeout', 2000, 'nosql.redis')).toThrow(
      'nosql.redis.ping_timeout_ms: durations in settings are seconds, written without a unit suffix; write ping_timeout: 1.5',
    );
  });

  it('names the key of a value that is not a number of seconds', () => {
    expect(() => durationSetting({ busy_timeout: 'soon' }, 'busyTimeout', 5000, 'sql')).toThrow(/sql\.busy_timeout/);
  });

  it('reaches the drivers: sqlite busy timeout, postgres connect timeout, redis cache connect timeout', () => {
    expect(SqliteSqlAdapter.dataSourceOptions(adapterContext({ database: ':memory:', busy_timeout: 2 }))).toMatchObject({ timeout: 2000 });
    expect(SqliteSqlAdapter.dataSourceOptions(adapterContext({ database: ':memory:' }))).toMatchObject({ timeout: 5000 });
    expect(PostgresSqlAdapter.dataSourceOptions(adapterContext({ connect_timeout: 3 }))).toMatchObject({ connectTimeoutMS: 3000 });
    expect(() => new RedisCacheAdapter(adapterContext({ connectTimeoutMs: 500 }))).toThrow(/cache\.connectTimeoutMs: durations in settings are seconds/);
  });
});
