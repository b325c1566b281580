import { IsString } from 'class-validator';
import { AcbConfig, ConfigValidationError, IsSecret, Secret } from '../src';
import { createSettingsDir, type SettingsDir } from './settings-dir';

class DbSettings {
  @IsSecret()
  password!: Secret;

  @IsString()
  host: string = 'localhost';
}

describe('secrets and ${env:...}', () => {
  let settings: SettingsDir;

  afterEach(() => settings.cleanup());

  it('reads one file per secret, trims the trailing newline and gives a Secret', () => {
    settings = createSettingsDir({ 'sql.yml': 'password: ${secret:db_password}\nhost: db\n' }, { db_password: 's3cr3t\n' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    const sql = config.section('sql', DbSettings);
    expect(sql.password).toBeInstanceOf(Secret);
    expect(sql.password.reveal()).toBe('s3cr3t');
    expect(JSON.parse(JSON.stringify(sql))).toEqual({ password: '[redacted]', host: 'db' });
    const raw = config.section('sql');
    expect(raw['password']).toBeInstanceOf(Secret);
    expect((raw['password'] as Secret).reveal()).toBe('s3cr3t');
  });

  it('keeps inner whitespace and strips CRLF line ends', () => {
    settings = createSettingsDir({ 'a.yml': 'k: ${secret:key}\n' }, { key: '  two words \r\n\r\n' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    expect((config.section('a')['k'] as Secret).reveal()).toBe('  two words ');
  });

  it('makes the whole string a Secret when a secret is inside a larger string', () => {
    settings = createSettingsDir({ 'sql.yml': 'url: postgres://app:${secret:pw}@${env:DB_HOST}/shop\n' }, { pw: 'p@ss' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: { DB_HOST: 'db.local' } });
    const url = config.section('sql')['url'];
    expect(url).toBeInstanceOf(Secret);
    expect((url as Secret).reveal()).toBe('postgres://app:p@ss@db.local/shop');
    expect(config.secretValues()).toEqual(expect.arrayContaining(['p@ss', 'postgres://app:p@ss@db.local/shop']));
  });

  it('interpolates ${env:NAME} with an optional default and leaves other ${...} alone', () => {
    settings = createSettingsDir({
      'events.yml': 'url: redis://${env:REDIS_HOST}:${env:REDIS_PORT:-6379}\nplain: ${env:ONLY}\nparam: ${order_id}\n',
    });
    const config = new AcbConfig({ settingsDir: settings.dir, env: { REDIS_HOST: 'cache', ONLY: 'v' } });
    expect(config.section('events')).toEqual({ url: 'redis://cache:6379', plain: 'v', param: '${order_id}' });
  });

  it('resolves secrets in `values` and in environment overrides', () => {
    settings = createSettingsDir({}, { token: 'tok' });
    const config = new AcbConfig({
      settingsDir: settings.dir,
      env: { ACB_BILLING__API_KEY: '${secret:token}' },
      values: { mail: { password: '${secret:token}' } },
    });
    expect((config.section('billing')['apiKey'] as Secret).reveal()).toBe('tok');
    expect((config.section('mail')['password'] as Secret).reveal()).toBe('tok');
  });

  it('lists every secret value for redaction (also unreferenced ones), never empty ones', () => {
    settings = createSettingsDir({}, { a: 'alpha\n', b: 'beta', empty: '\n', '.hidden': 'nope' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    expect(config.secretValues().sort()).toEqual(['alpha', 'beta']);
  });

  it('lists Secrets given directly in `values` too', () => {
    settings = createSettingsDir();
    const config = new AcbConfig({ settingsDir: settings.dir, env: {}, values: { mail: { password: new Secret('direct') } } });
    expect(config.secretValues()).toEqual(['direct']);
    expect((config.section('mail')['password'] as Secret).reveal()).toBe('direct');
  });

  it('uses a custom secrets directory', () => {
    settings = createSettingsDir({ 'x.yml': 'k: ${secret:n}\n' });
    const other = createSettingsDir({ n: 'from-other' });
    try {
      const config = new AcbConfig({ settingsDir: settings.dir, secretsDir: other.dir, env: {} });
      expect((config.section('x')['k'] as Secret).reveal()).toBe('from-other');
    } finally {
      other.cleanup();
    }
  });

  it('IsSecret rejects plain text where a secret is required', () => {
    settings = createSettingsDir({ 'sql.yml': 'password: plain-text\n' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    expect(() => config.section('sql', DbSettings)).toThrow(ConfigValidationError);
    expect(() => config.section('sql', DbSettings)).toThrow(/sql\.password fails isSecret \(password must be a secret/);
  });
});
