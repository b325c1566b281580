import { Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Min, ValidateNested } from 'class-validator';
import { join } from 'node:path';
import { AcbConfig, AppSettings, ConfigSourceError, ConfigValidationError } from '../src';
import { createSettingsDir, type SettingsDir } from './settings-dir';

class Engine {
  @IsBoolean()
  enabled: boolean = false;
}

class WorkflowsSettings {
  @IsInt()
  @Min(1)
  maxConcurrentSteps: number = 5;

  @IsInt()
  defaultTimeout: number = 300;

  @ValidateNested()
  @Type(() => Engine)
  basic: Engine = new Engine();
}

describe('AcbConfig loading', () => {
  let settings: SettingsDir;

  afterEach(() => settings?.cleanup());

  it('gives every built-in default when the settings directory does not exist', () => {
    const config = new AcbConfig({ settingsDir: join(__dirname, 'no-such-dir'), env: {} });
    expect(config.app).toBeInstanceOf(AppSettings);
    expect({ ...config.app }).toEqual({ name: 'acb-app', version: '0.1.0', environment: 'development', host: '127.0.0.1', port: 3000 });
    expect({ ...config.debug }).toEqual({ enabled: false, level: 'info' });
    expect(config.adapters).toMatchObject({ cache: 'memory', sql: 'sqlite', nosql: 'memory', storage: 'memory', monitoring: 'none' });
    expect(config.adapters.queue).toMatchObject({ backend: 'memory', workers: { concurrency: 10, maxRetries: 3 } });
    expect({ ...config.models }).toEqual({ typeorm: true, classValidator: true });
  });

  it('reads one section per file and keeps defaults for missing keys', () => {
    settings = createSettingsDir({
      'app.yml': 'name: shop\nport: 8080\n',
      'adapters.yml': 'cache: redis\nqueue:\n  backend: redis\n  redis:\n    url: redis://x\n',
      'debug.yml': '',
    });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    expect(config.app.name).toBe('shop');
    expect(config.app.port).toBe(8080);
    expect(config.app.version).toBe('0.1.0');
    expect(config.adapters.cache).toBe('redis');
    expect(config.adapters.sql).toBe('sqlite');
    expect(config.adapters.queue.backend).toBe('redis');
    expect(config.adapters.queue.workers.concurrency).toBe(10);
    expect(config.adapters.queue['redis']).toEqual({ url: 'redis://x' });
    expect(config.debug.enabled).toBe(false);
  });

  it('treats any other <section>.yml or .yaml file as a named section', () => {
    settings = createSettingsDir({
      'events.yml': 'transport: local\nmaxRetries: 2\n',
      'cache.yaml': 'ttl: 60\n',
      '.hidden.yml': 'x: 1\n',
      'notes.txt': 'not a section',
    });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    expect(config.section('events')).toEqual({ transport: 'local', maxRetries: 2 });
    expect(config.section('cache')).toEqual({ ttl: 60 });
    expect(config.has('events')).toBe(true);
    expect(config.has('notes')).toBe(false);
    expect(config.has('.hidden')).toBe(false);
    expect(config.sectionNames()).toEqual(['adapters', 'app', 'cache', 'debug', 'events', 'models']);
  });

  it('supports anchors, aliases and << merge keys', () => {
    settings = createSettingsDir({ 'cache.yml': 'base: &base\n  ttl: 60\n  prefix: acb\nsessions:\n  <<: *base\n  ttl: 5\n' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    expect(config.section('cache')['sessions']).toEqual({ ttl: 5, prefix: 'acb' });
  });

  it('returns {} for an unknown section and freezes plain sections', () => {
    settings = createSettingsDir({ 'events.yml': 'transport: local\n' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    expect(config.section('nothing')).toEqual({});
    expect(config.has('nothing')).toBe(false);
    expect(Object.isFrozen(config.section('events'))).toBe(true);
  });

  it('unwraps a file whose only key is its own section name (the seed spelling)', () => {
    settings = createSettingsDir({ 'workflows.yml': 'workflows:\n  maxConcurrentSteps: 7\n  defaultTimeout: 60\n' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    expect(config.section('workflows', WorkflowsSettings).maxConcurrentSteps).toBe(7);
  });

  it('validates a library section on first use, with defaults, and caches the instance', () => {
    settings = createSettingsDir({ 'workflows.yml': 'defaultTimeout: 60\nbasic:\n  enabled: true\n' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    const workflows = config.section('workflows', WorkflowsSettings);
    expect(workflows).toBeInstanceOf(WorkflowsSettings);
    expect(workflows.maxConcurrentSteps).toBe(5);
    expect(workflows.defaultTimeout).toBe(60);
    expect(workflows.basic).toBeInstanceOf(Engine);
    expect(workflows.basic.enabled).toBe(true);
    expect(config.section('workflows', WorkflowsSettings)).toBe(workflows);
    expect(config.section('workflows')).toEqual({ defaultTimeout: 60, basic: { enabled: true } });
  });

  it('throws the validation error of a library section on first use, not at construction', () => {
    settings = createSettingsDir({ 'workflows.yml': 'maxConcurrentSteps: 0\n' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    expect(() => config.section('workflows', WorkflowsSettings)).toThrow(ConfigValidationError);
    expect(() => config.section('workflows', WorkflowsSettings)).toThrow(/workflows\.maxConcurrentSteps fails min/);
  });

  it('validates classes given in `sections` at construction and returns them without a class argument', () => {
    settings = createSettingsDir({ 'workflows.yml': 'maxConcurrentSteps: 3\n' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {}, sections: { workflows: WorkflowsSettings } });
    expect(config.section('workflows')).toBeInstanceOf(WorkflowsSettings);
    expect(config.section<WorkflowsSettings>('workflows').maxConcurrentSteps).toBe(3);
    settings.write('workflows.yml', 'maxConcurrentSteps: -1\n');
    expect(() => new AcbConfig({ settingsDir: settings.dir, env: {}, sections: { workflows: WorkflowsSettings } })).toThrow(ConfigValidationError);
  });

  it('lets a `sections` class replace a built-in section class', () => {
    class ShopAppSettings extends AppSettings {
      @IsString()
      currency: string = 'EUR';
    }
    settings = createSettingsDir({ 'app.yml': 'name: shop\ncurrency: CHF\n' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {}, sections: { app: ShopAppSettings } });
    expect(config.app).toBeInstanceOf(ShopAppSettings);
    expect((config.app as ShopAppSettings).currency).toBe('CHF');
    expect(config.app.port).toBe(3000);
  });

  it('merges `values` over the files', () => {
    settings = createSettingsDir({ 'app.yml': 'name: from-file\nport: 8080\n' });
    const config = new AcbConfig({
      settingsDir: settings.dir,
      env: {},
      values: { app: { port: 9090 }, debug: { enabled: true }, extra: { nested: { a: 1 } } },
    });
    expect(config.app.name).toBe('from-file');
    expect(config.app.port).toBe(9090);
    expect(config.debug.enabled).toBe(true);
    expect(config.section('extra')).toEqual({ nested: { a: 1 } });
  });

  it('gives a config with no files from `values` and a missing settings dir', () => {
    const config = new AcbConfig({ settingsDir: '/nonexistent/acb-settings', env: {}, values: { adapters: { cache: 'memory', sql: 'sqlite' } } });
    expect(config.adapters.sql).toBe('sqlite');
    expect(config.settingsDir).toBe('/nonexistent/acb-settings');
  });

  it('rejects a `values` section that is not an object', () => {
    expect(() => new AcbConfig({ settingsDir: '/nonexistent', env: {}, values: { app: 'x' } })).toThrow(ConfigSourceError);
    expect(() => new AcbConfig({ settingsDir: '/nonexistent', env: {}, values: { app: 'x' } })).toThrow(/values\.app must be an object/);
  });

  it('rejects two files for one section', () => {
    settings = createSettingsDir({ 'app.yml': 'name: a\n', 'app.yaml': 'name: b\n' });
    expect(() => new AcbConfig({ settingsDir: settings.dir, env: {} })).toThrow(/Section "app" is defined by more than one file/);
  });

  it('rejects a file whose top level is not a mapping', () => {
    settings = createSettingsDir({ 'app.yml': '- a\n- b\n' });
    expect(() => new AcbConfig({ settingsDir: settings.dir, env: {} })).toThrow(ConfigSourceError);
    expect(() => new AcbConfig({ settingsDir: settings.dir, env: {} })).toThrow(/app\.yml must hold a mapping.*found a list/);
  });

  it('resolves a relative settings dir against the working directory and names files as given', () => {
    const config = new AcbConfig({ settingsDir: 'settings', env: {} });
    expect(config.settingsDir).toBe(join(process.cwd(), 'settings'));
    expect(config.secretsDir).toBe(join(process.cwd(), 'settings', 'secrets'));
  });
});
