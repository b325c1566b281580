import { IsInt, Min } from 'class-validator';
import { AcbConfig, enableConfigHotReload, type AcbConfigChange, type ConfigHotReloadHandle } from '../src';
import { createSettingsDir, recordingLogger, type SettingsDir } from './settings-dir';

class WorkflowsSettings {
  @Min(1)
  @IsInt()
  maxConcurrentSteps: number = 5;
}

describe('reload() and enableConfigHotReload (real files, fake timers)', () => {
  const interval = 1000;
  let settings: SettingsDir;
  let config: AcbConfig;
  let configLogger: ReturnType<typeof recordingLogger>;
  let logger: ReturnType<typeof recordingLogger>;
  let handle: ConfigHotReloadHandle | undefined;

  beforeEach(() => {
    jest.useFakeTimers();
    settings = createSettingsDir(
      { 'app.yml': 'name: shop\nport: 8080\n', 'debug.yml': 'enabled: false\n', 'sql.yml': 'password: ${secret:pw}\n' },
      { pw: 'one' },
    );
    configLogger = recordingLogger();
    logger = recordingLogger();
    config = new AcbConfig({ settingsDir: settings.dir, env: {} }, configLogger);
  });

  afterEach(() => {
    handle?.stop();
    handle = undefined;
    jest.useRealTimers();
    settings.cleanup();
  });

  const watch = (): ConfigHotReloadHandle => {
    handle = enableConfigHotReload(config, { checkIntervalMs: interval, logger });
    return handle;
  };

  it('swaps values on a valid change and tells only the changed sections', () => {
    const appChanges: AcbConfigChange[] = [];
    const debugChanges: AcbConfigChange[] = [];
    const all: string[] = [];
    config.onChange('app', (change) => appChanges.push(change));
    config.onChange('debug', (change) => debugChanges.push(change));
    config.onChange('*', (change) => all.push(change.section));
    const before = config.app;
    watch();

    settings.write('app.yml', 'name: shop\nport: 9090\n');
    jest.advanceTimersByTime(interval);

    expect(config.app.port).toBe(9090);
    expect(appChanges).toHaveLength(1);
    expect(appChanges[0]?.section).toBe('app');
    expect(appChanges[0]?.previous).toBe(before);
    expect((appChanges[0]?.previous as typeof before).port).toBe(8080);
    expect((appChanges[0]?.current as typeof before).port).toBe(9090);
    expect(debugChanges).toHaveLength(0);
    expect(all).toEqual(['app']);
    expect(logger.log).toHaveBeenCalledWith(expect.stringContaining('changed sections: app'));
    expect(logger.warn).not.toHaveBeenCalled();
  });

  it('does nothing until a file content changes, and nothing for an identical rewrite', () => {
    const listener = jest.fn();
    config.onChange('*', listener);
    watch();
    jest.advanceTimersByTime(interval * 3);
    settings.write('app.yml', 'name: shop\nport: 8080\n');
    jest.advanceTimersByTime(interval);
    settings.write('app.yml', 'port: 8080\nname: shop\n');
    jest.advanceTimersByTime(interval);
    expect(listener).not.toHaveBeenCalled();
    expect(logger.log).toHaveBeenCalledTimes(1); // the start line only
  });

  it('keeps the old values and warns once when a file becomes invalid YAML, then applies the fix', () => {
    const listener = jest.fn();
    config.onChange('*', listener);
    watch();

    settings.write('app.yml', 'name: shop\nport: [8080\n');
    jest.advanceTimersByTime(interval * 3);
    expect(config.app.port).toBe(8080);
    expect(listener).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn.mock.calls[0]?.[0]).toMatch(/previous values stay in force\. YAML syntax error in .*app\.yml at line \d+, column \d+/);

    settings.write('app.yml', 'name: shop\nport: 7070\n');
    jest.advanceTimersByTime(interval);
    expect(config.app.port).toBe(7070);
    expect(listener).toHaveBeenCalledTimes(1);
  });

  it('keeps the old values when a change fails validation, naming the key', () => {
    const listener = jest.fn();
    config.onChange('app', listener);
    watch();
    settings.write('app.yml', 'name: shop\nport: 70000\n');
    jest.advanceTimersByTime(interval);
    expect(config.app.port).toBe(8080);
    expect(listener).not.toHaveBeenCalled();
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('app.port fails max'));
  });

  it('re-validates library sections already in use', () => {
    expect(config.section('workflows', WorkflowsSettings).maxConcurrentSteps).toBe(5);
    watch();
    settings.write('workflows.yml', 'maxConcurrentSteps: 0\n');
    jest.advanceTimersByTime(interval);
    expect(logger.warn).toHaveBeenCalledWith(expect.stringContaining('workflows.maxConcurrentSteps fails min'));
    expect(config.has('workflows')).toBe(true);
    expect(config.section('workflows')).toEqual({});

    settings.write('workflows.yml', 'maxConcurrentSteps: 8\n');
    jest.advanceTimersByTime(interval);
    expect(config.section('workflows', WorkflowsSettings).maxConcurrentSteps).toBe(8);
  });

  it('sees secret changes, new and deleted section files', () => {
    const changed: string[] = [];
    config.onChange('*', (change) => changed.push(change.section));
    watch();

    settings.writeSecret('pw', 'two\n');
    jest.advanceTimersByTime(interval);
    expect((config.section('sql')['password'] as { reveal(): string }).reveal()).toBe('two');
    expect(config.secretValues()).toEqual(['two']);

    settings.write('events.yml', 'transport: local\n');
    jest.advanceTimersByTime(interval);
    expect(config.section('events')).toEqual({ transport: 'local' });

    settings.remove('debug.yml');
    jest.advanceTimersByTime(interval);
    expect(changed).toEqual(['sql', 'events', 'debug']);
  });

  it('stop() ends polling', () => {
    watch().stop();
    settings.write('app.yml', 'name: shop\nport: 9999\n');
    jest.advanceTimersByTime(interval * 5);
    expect(config.app.port).toBe(8080);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('removes a listener with the returned function and survives a throwing listener', () => {
    const removed = jest.fn();
    const kept = jest.fn();
    const unsubscribe = config.onChange('app', removed);
    config.onChange('app', () => {
      throw new Error('listener bug');
    });
    config.onChange('app', kept);
    unsubscribe();
    settings.write('app.yml', 'name: shop\nport: 1234\n');
    expect(config.reload()).toEqual(['app']);
    expect(removed).not.toHaveBeenCalled();
    expect(kept).toHaveBeenCalledTimes(1);
    expect(configLogger.error).toHaveBeenCalledWith(expect.stringContaining('listener for section "app" threw: listener bug'));
  });

  it('reload() throws on an invalid change and keeps every value', () => {
    settings.write('debug.yml', 'enabled: maybe\n');
    settings.write('app.yml', 'name: other\nport: 1\n');
    expect(() => config.reload()).toThrow(/debug\.enabled fails isBoolean/);
    expect(config.app.name).toBe('shop');
    expect(config.debug.enabled).toBe(false);
  });

  it('rejects a non-positive interval', () => {
    expect(() => enableConfigHotReload(config, { checkIntervalMs: 0 })).toThrow(RangeError);
  });
});

describe('enableConfigHotReload with real timers', () => {
  it('picks up a change within a few short polls', async () => {
    const settings = createSettingsDir({ 'app.yml': 'port: 1000\n' });
    const config = new AcbConfig({ settingsDir: settings.dir, env: {} }, recordingLogger());
    const handle = enableConfigHotReload(config, { checkIntervalMs: 20, logger: recordingLogger() });
    try {
      const seen = new Promise<number>((resolve) => config.onChange('app', (change) => resolve((change.current as { port: number }).port)));
      settings.write('app.yml', 'port: 2000\n');
      await expect(seen).resolves.toBe(2000);
    } finally {
      handle.stop();
      settings.cleanup();
    }
  });
});
