import 'reflect-metadata';
import { AcbConfig, AdaptersSettings, AppSettings, DebugSettings, ModelsSettings, QueueAdapterSettings, QueueWorkersSettings } from '../src';
import { createSettingsDir, type SettingsDir } from './settings-dir';

/**
 * Every multi-word key of the built-in sections, written the seed's way (snake_case) and with a value that is not
 * the class default: the value must reach the typed section (a class default must never win over it).
 */
const SNAKE_CASE_SETTINGS: Record<string, { file: string; yaml: string; read: (config: AcbConfig) => unknown; expected: unknown }> = {
  'QueueWorkersSettings.maxRetries': {
    file: 'adapters.yml',
    yaml: 'queue:\n  workers:\n    max_retries: 1\n',
    read: (config) => config.adapters.queue.workers.maxRetries,
    expected: 1,
  },
  'QueueAdapterSettings.defaultQueue': {
    file: 'adapters.yml',
    yaml: 'queue:\n  default_queue: mail\n',
    read: (config) => config.adapters.queue.defaultQueue,
    expected: 'mail',
  },
  'QueueAdapterSettings.runWorker': {
    file: 'adapters.yml',
    yaml: 'queue:\n  run_worker: true\n',
    read: (config) => config.adapters.queue.runWorker,
    expected: true,
  },
  'QueueAdapterSettings.shutdownTimeout': {
    file: 'adapters.yml',
    yaml: 'queue:\n  shutdown-timeout: 2.5\n',
    read: (config) => config.adapters.queue.shutdownTimeout,
    expected: 2.5,
  },
  'QueueAdapterSettings.allowRemoteTasks': {
    file: 'adapters.yml',
    yaml: 'queue:\n  allow_remote_tasks: true\n',
    read: (config) => config.adapters.queue.allowRemoteTasks,
    expected: true,
  },
  'QueueAdapterSettings.remoteTasks': {
    file: 'adapters.yml',
    yaml: 'queue:\n  remote_tasks: [a, b]\n',
    read: (config) => config.adapters.queue.remoteTasks,
    expected: ['a', 'b'],
  },
  'ModelsSettings.classValidator': {
    file: 'models.yml',
    yaml: 'class_validator: false\n',
    read: (config) => config.models.classValidator,
    expected: false,
  },
};

/** Declared properties of a settings class whose name has more than one word. */
function multiWordProperties(settingsClass: new () => object): string[] {
  const instance = new settingsClass() as Record<string, unknown>;
  const keys = new Set(Object.keys(instance));
  for (const key of Object.getOwnPropertyNames(settingsClass.prototype)) {
    if (Reflect.getMetadata('design:type', settingsClass.prototype as object, key) !== undefined) keys.add(key);
  }
  // NOTE: properties declared with `?` and no initializer show up through class-validator's metadata only.
  const { getMetadataStorage } = require('class-validator') as typeof import('class-validator');
  for (const meta of getMetadataStorage().getTargetValidationMetadatas(settingsClass, '', true, false)) keys.add(meta.propertyName);
  return [...keys].filter((key) => /[a-z][A-Z]/.test(key)).map((key) => `${settingsClass.name}.${key}`);
}

describe('settings keys in either spelling', () => {
  let settings: SettingsDir;

  afterEach(() => settings?.cleanup());

  it('the table below covers every multi-word key of the built-in sections', () => {
    const declared = [AppSettings, DebugSettings, AdaptersSettings, ModelsSettings, QueueAdapterSettings, QueueWorkersSettings].flatMap(multiWordProperties);
    expect(declared.sort()).toEqual(Object.keys(SNAKE_CASE_SETTINGS).sort());
  });

  it.each(Object.entries(SNAKE_CASE_SETTINGS))('%s takes effect written in snake_case', (_name, { file, yaml, read, expected }) => {
    settings = createSettingsDir({ [file]: yaml });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} });
    expect(read(config)).toEqual(expected);
  });

  it('workers.max_retries: 0 wins over the class default of 3', () => {
    settings = createSettingsDir({ 'adapters.yml': 'queue:\n  workers:\n    max_retries: 0\n    concurrency: 2\n' });
    const workers = new AcbConfig({ settingsDir: settings.dir, env: {} }).adapters.queue.workers;
    expect(workers).toEqual(expect.objectContaining({ maxRetries: 0, concurrency: 2 }));
  });

  it('the camelCase spelling wins when both are written', () => {
    settings = createSettingsDir({ 'adapters.yml': 'queue:\n  workers:\n    max_retries: 1\n    maxRetries: 5\n' });
    expect(new AcbConfig({ settingsDir: settings.dir, env: {} }).adapters.queue.workers.maxRetries).toBe(5);
  });

  it('a snake_case key is validated under its declared rule', () => {
    settings = createSettingsDir({ 'adapters.yml': 'queue:\n  workers:\n    max_retries: -1\n' });
    expect(() => new AcbConfig({ settingsDir: settings.dir, env: {} })).toThrow(/adapters\.queue\.workers\.maxRetries fails min/);
  });

  it('keys a class does not declare are kept as written', () => {
    settings = createSettingsDir({ 'adapters.yml': 'queue:\n  backend_options:\n    max_finished: 5\n' });
    expect(new AcbConfig({ settingsDir: settings.dir, env: {} }).adapters.queue['backend_options']).toEqual({ max_finished: 5 });
  });
});
