import { Type } from 'class-transformer';
import { IsBoolean, IsInt, ValidateNested } from 'class-validator';
import { AcbConfig, ConfigSourceError, ConfigValidationError } from '../src';
import { createSettingsDir, type SettingsDir } from './settings-dir';

class Limits {
  @IsInt()
  maxConcurrentSteps: number = 5;
}

class WorkflowsSettings {
  @IsBoolean()
  enabled: boolean = true;

  @ValidateNested()
  @Type(() => Limits)
  limits: Limits = new Limits();
}

describe('environment overrides (ACB_<SECTION>__<KEY>)', () => {
  let settings: SettingsDir;

  beforeEach(() => {
    settings = createSettingsDir({ 'app.yml': 'name: from-file\nport: 8080\n', 'events.yml': 'max_retries: 3\nredis:\n  url: redis://file\n' });
  });
  afterEach(() => settings.cleanup());

  const load = (env: Record<string, string | undefined>, extra: Partial<ConstructorParameters<typeof AcbConfig>[0]> = {}) =>
    new AcbConfig({ settingsDir: settings.dir, env, ...extra });

  it('win over YAML and over `values`, and convert text to the declared type', () => {
    const config = load({ ACB_APP__NAME: 'from-env', ACB_APP__PORT: '9000', ACB_DEBUG__ENABLED: 'true' }, { values: { app: { name: 'from-values' } } });
    expect(config.app.name).toBe('from-env');
    expect(config.app.port).toBe(9000);
    expect(config.debug.enabled).toBe(true);
  });

  it('turns "false" into false (not the truthy text)', () => {
    const config = load({ ACB_DEBUG__ENABLED: 'FALSE' }, { values: { debug: { enabled: true } } });
    expect(config.debug.enabled).toBe(false);
  });

  it('keeps text for string properties, even text that looks like a number or boolean', () => {
    const config = load({ ACB_APP__VERSION: '1.10', ACB_APP__NAME: 'true' });
    expect(config.app.version).toBe('1.10');
    expect(config.app.name).toBe('true');
  });

  it('reaches nested keys and creates missing levels', () => {
    const config = load({ ACB_ADAPTERS__QUEUE__BACKEND: 'redis', ACB_ADAPTERS__QUEUE__WORKERS__CONCURRENCY: '4', ACB_EVENTS__REDIS__URL: 'redis://env' });
    expect(config.adapters.queue.backend).toBe('redis');
    expect(config.adapters.queue.workers.concurrency).toBe(4);
    expect(config.section('events')).toEqual({ max_retries: 3, redis: { url: 'redis://env' } });
  });

  it('matches existing keys ignoring case and separators, else uses camelCase', () => {
    const config = load({ ACB_EVENTS__MAX_RETRIES: '5', ACB_ADAPTERS__QUEUE__WORKERS__MAX_RETRIES: '1', ACB_NEWSECTION__SOME_KEY: 'x' });
    expect(config.section('events')['max_retries']).toBe('5');
    expect(config.adapters.queue.workers.maxRetries).toBe(1);
    expect(config.section('newsection')).toEqual({ someKey: 'x' });
  });

  it('applies to library sections validated later, matching their property names', () => {
    const config = load({ ACB_WORKFLOWS__LIMITS__MAX_CONCURRENT_STEPS: '9', ACB_WORKFLOWS__ENABLED: 'false' });
    const workflows = config.section('workflows', WorkflowsSettings);
    expect(workflows.limits.maxConcurrentSteps).toBe(9);
    expect(workflows.enabled).toBe(false);
  });

  it('types the optional queue keys and splits comma-separated lists', () => {
    const config = load({
      ACB_ADAPTERS__QUEUE__RUN_WORKER: 'false',
      ACB_ADAPTERS__QUEUE__SHUTDOWN_TIMEOUT: '2.5',
      ACB_ADAPTERS__QUEUE__QUEUES: 'default, emails,,',
      ACB_ADAPTERS__QUEUE__REDIS__URL: 'redis://q',
    });
    expect(config.adapters.queue.runWorker).toBe(false);
    expect(config.adapters.queue.shutdownTimeout).toBe(2.5);
    expect(config.adapters.queue.queues).toEqual(['default', 'emails']);
    expect(config.adapters.queue['redis']).toEqual({ url: 'redis://q' });
  });

  it('fails validation naming the variable when the text does not convert', () => {
    let error: unknown;
    try {
      load({ ACB_APP__PORT: 'eighty' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigValidationError);
    expect((error as ConfigValidationError).issues).toEqual([
      expect.objectContaining({ keyPath: 'app.port', source: 'environment variable ACB_APP__PORT', constraint: 'isInt', value: '"eighty"' }),
    ]);
  });

  it('ignores empty values, other prefixes and variables without a key part', () => {
    const config = load({ ACB_APP__PORT: '', OTHER_APP__NAME: 'x', ACB_APP: 'x', ACB_DEBUG: '1' });
    expect(config.app.port).toBe(8080);
    expect(config.app.name).toBe('from-file');
  });

  it('uses a custom prefix', () => {
    const config = load({ SHOP_APP__NAME: 'shop', ACB_APP__NAME: 'ignored' }, { envPrefix: 'SHOP_' });
    expect(config.app.name).toBe('shop');
  });

  it('rejects a variable with an empty segment', () => {
    expect(() => load({ ACB_APP____NAME: 'x' })).toThrow(ConfigSourceError);
    expect(() => load({ ACB_APP____NAME: 'x' })).toThrow(/ACB_APP____NAME is malformed/);
  });

  it('resolves ${env:...} references inside override values', () => {
    const config = load({ ACB_APP__NAME: 'shop-${env:REGION}', REGION: 'eu' });
    expect(config.app.name).toBe('shop-eu');
  });
});
