import { IsInt, IsString, Max } from 'class-validator';
import { AcbConfig, ConfigSyntaxError, ConfigValidationError, MissingEnvVariableError, UnknownSecretError } from '../src';
import { createSettingsDir, type SettingsDir } from './settings-dir';

function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('errors at start', () => {
  let settings: SettingsDir;

  afterEach(() => settings?.cleanup());

  it('reports YAML syntax errors with file, line and column', () => {
    settings = createSettingsDir({ 'app.yml': 'name: shop\nport: 3000\ntags: [a, b\n' });
    const error = thrown(() => new AcbConfig({ settingsDir: settings.dir, env: {} }));
    expect(error).toBeInstanceOf(ConfigSyntaxError);
    expect(error.name).toBe('ConfigSyntaxError');
    const syntax = error as ConfigSyntaxError;
    expect(syntax.file).toBe(`${settings.dir}/app.yml`);
    expect(syntax.line).toBe(4);
    expect(syntax.column).toBe(1);
    expect(error.message).toMatch(new RegExp(`^YAML syntax error in ${settings.dir}/app\\.yml at line \\d+, column \\d+: .+`));
  });

  it('reports a duplicated key as a syntax error at its line', () => {
    settings = createSettingsDir({ 'debug.yml': 'enabled: true\nlevel: info\nenabled: false\n' });
    const error = thrown(() => new AcbConfig({ settingsDir: settings.dir, env: {} })) as ConfigSyntaxError;
    expect(error).toBeInstanceOf(ConfigSyntaxError);
    expect(error.line).toBe(3);
    expect(error.column).toBe(1);
    expect(error.message).toContain('duplicate key "enabled"');
  });

  it('names a duplicated key nested in a mapping', () => {
    settings = createSettingsDir({ 'adapters.yml': 'queue:\n  workers:\n    concurrency: 2\n    concurrency: 3\n' });
    const error = thrown(() => new AcbConfig({ settingsDir: settings.dir, env: {} })) as ConfigSyntaxError;
    expect(error).toBeInstanceOf(ConfigSyntaxError);
    expect(error.line).toBe(4);
    expect(error.message).toBe(`YAML syntax error in ${settings.dir}/adapters.yml at line 4, column 5: duplicate key "concurrency" (each key may appear once in a mapping; keep one)`);
  });

  it('collects every failed rule of a start into one error with file, key path, rule and value', () => {
    settings = createSettingsDir({
      'app.yml': 'name: shop\nport: not-a-port\n',
      'debug.yml': 'enabled: sometimes\nlevel: loud\n',
    });
    const error = thrown(() => new AcbConfig({ settingsDir: settings.dir, env: { ACB_ADAPTERS__QUEUE__BACKEND: 'kafka' } })) as ConfigValidationError;
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error.name).toBe('ConfigValidationError');
    const file = (name: string) => `${settings.dir}/${name}`;
    expect(error.issues).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ keyPath: 'app.port', source: file('app.yml'), constraint: 'isInt', value: '"not-a-port"' }),
        expect.objectContaining({ keyPath: 'debug.enabled', source: file('debug.yml'), constraint: 'isBoolean', value: '"sometimes"' }),
        expect.objectContaining({ keyPath: 'debug.level', source: file('debug.yml'), constraint: 'isIn', value: '"loud"' }),
        expect.objectContaining({ keyPath: 'adapters.queue.backend', source: 'environment variable ACB_ADAPTERS__QUEUE__BACKEND', constraint: 'isIn', value: '"kafka"' }),
      ]),
    );
    expect(error.issues).toHaveLength(4);
    expect(error.message).toMatch(/^Invalid configuration: 4 problems\n {2}- /);
    expect(error.message).toContain(`${file('app.yml')}: app.port fails isInt (port must be an integer number); value: "not-a-port"`);
    expect(error.message).toContain('adapters.queue.backend fails isIn');
  });

  it('names the section (no file) when an invalid value comes from a class default', () => {
    class Broken {
      @Max(10)
      @IsInt()
      limit: number = 50;
    }
    const config = new AcbConfig({ settingsDir: '/nonexistent', env: {} });
    const error = thrown(() => config.section('limits', Broken)) as ConfigValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ keyPath: 'limits.limit', source: 'section "limits" (no settings file, defaults)', constraint: 'max', value: '50' })]);
  });

  it('reports a missing required key as missing', () => {
    class Needs {
      @IsString()
      apiKey!: string;
    }
    settings = createSettingsDir({ 'billing.yml': 'other: 1\n' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    const error = thrown(() => config.section('billing', Needs)) as ConfigValidationError;
    expect(error.issues).toEqual([expect.objectContaining({ keyPath: 'billing.apiKey', source: `${settings.dir}/billing.yml`, value: 'missing' })]);
  });

  it('never shows a secret value in a validation error', () => {
    settings = createSettingsDir({ 'app.yml': 'name: ${secret:app_name}\nport: ${secret:app_port}\n' }, { app_name: '', app_port: 'hunter2-port\n' });
    const error = thrown(() => new AcbConfig({ settingsDir: settings.dir, env: {} })) as ConfigValidationError;
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect(error.message).not.toContain('hunter2');
    expect(error.issues).toEqual(expect.arrayContaining([expect.objectContaining({ keyPath: 'app.port', value: '[redacted]' })]));
    expect(error.message).toContain('declare the property as `Secret` with @IsSecret()');
  });

  it('names an unknown secret, where it was referenced and the secrets directory', () => {
    settings = createSettingsDir({ 'sql.yml': 'postgres:\n  password: ${secret:db_password}\n' }, { other: 'x' });
    const error = thrown(() => new AcbConfig({ settingsDir: settings.dir, env: {} })) as UnknownSecretError;
    expect(error).toBeInstanceOf(UnknownSecretError);
    expect(error.name).toBe('UnknownSecretError');
    expect(error.secretName).toBe('db_password');
    expect(error.source).toBe(`${settings.dir}/sql.yml`);
    expect(error.keyPath).toBe('sql.postgres.password');
    expect(error.message).toBe(
      `Unknown secret "db_password" referenced as \${secret:db_password} in ${settings.dir}/sql.yml at sql.postgres.password: ` +
        `no file named "db_password" in the secrets directory ${settings.dir}/secrets`,
    );
  });

  it('does not let a secret reference escape the secrets directory', () => {
    settings = createSettingsDir({ 'app.yml': 'name: ${secret:../app.yml}\n' });
    expect(() => new AcbConfig({ settingsDir: settings.dir, env: {} })).toThrow(UnknownSecretError);
  });

  it('names a missing ${env:X} and where it was referenced', () => {
    settings = createSettingsDir({ 'cache.yml': 'redis:\n  url: redis://${env:REDIS_HOST}:6379\n' });
    const error = thrown(() => new AcbConfig({ settingsDir: settings.dir, env: {} })) as MissingEnvVariableError;
    expect(error).toBeInstanceOf(MissingEnvVariableError);
    expect(error.name).toBe('MissingEnvVariableError');
    expect(error.message).toBe(
      `Environment variable REDIS_HOST referenced as \${env:REDIS_HOST} in ${settings.dir}/cache.yml at cache.redis.url is not set ` +
        '(set it, or give a default: ${env:REDIS_HOST:-value})',
    );
  });
});
