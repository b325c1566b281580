import { Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import { IsInt } from 'class-validator';
import { AcbConfig, AcbConfigModule, acbYamlLoader, ConfigSyntaxError, ConfigValidationError, Secret } from '../src';
import { createSettingsDir, type SettingsDir } from './settings-dir';

class EventsSettings {
  @IsInt()
  maxRetries: number = 3;
}

@Injectable()
class NeedsConfig {
  constructor(readonly config: AcbConfig) {}
}

@Module({ providers: [NeedsConfig], exports: [NeedsConfig] })
class FeatureModule {}

describe('AcbConfigModule', () => {
  const opened: TestingModule[] = [];
  const dirs: SettingsDir[] = [];

  const settingsDir = (files: Record<string, string>, secrets: Record<string, string> = {}): SettingsDir => {
    const dir = createSettingsDir(files, secrets);
    dirs.push(dir);
    return dir;
  };
  const compile = async (imports: unknown[]): Promise<TestingModule> => {
    const moduleRef = await Test.createTestingModule({ imports: imports as never[] }).compile();
    opened.push(moduleRef);
    return moduleRef;
  };

  afterEach(async () => {
    await Promise.all(opened.splice(0).map((moduleRef) => moduleRef.close()));
    dirs.splice(0).forEach((dir) => dir.cleanup());
  });

  it('provides AcbConfig globally from forRoot({ settingsDir })', async () => {
    const dir = settingsDir({ 'app.yml': 'name: shop\n', 'events.yml': 'maxRetries: 7\n' });
    const moduleRef = await compile([AcbConfigModule.forRoot({ settingsDir: dir.dir, env: {}, sections: { events: EventsSettings } }), FeatureModule]);
    const config = moduleRef.get(NeedsConfig).config;
    expect(config).toBeInstanceOf(AcbConfig);
    expect(config.app.name).toBe('shop');
    expect(config.section('events')).toBeInstanceOf(EventsSettings);
    expect(config.section<EventsSettings>('events').maxRetries).toBe(7);
  });

  it('feeds @nestjs/config ConfigService with the validated sections, live across reloads', async () => {
    const dir = settingsDir({ 'app.yml': 'name: shop\nport: 8080\n', 'sql.yml': 'password: ${secret:pw}\n' }, { pw: 'x' });
    const moduleRef = await compile([AcbConfigModule.forRoot({ settingsDir: dir.dir, env: {} })]);
    const configService = moduleRef.get(ConfigService);
    expect(configService.get('app.port')).toBe(8080);
    expect(configService.get('app.version')).toBe('0.1.0');
    expect(configService.get('adapters.cache')).toBe('memory');
    expect(configService.get('sql.password')).toBeInstanceOf(Secret);
    expect(configService.get('nothing.here')).toBeUndefined();

    dir.write('app.yml', 'name: shop\nport: 9090\n');
    moduleRef.get(AcbConfig).reload();
    expect(configService.get('app.port')).toBe(9090);
  });

  it('reads the environment given in options, not process.env', async () => {
    process.env['ACB_APP__NAME'] = 'from-process-env';
    try {
      const isolated = await compile([AcbConfigModule.forRoot({ settingsDir: '/nonexistent', env: { ACB_APP__NAME: 'from-options' } })]);
      expect(isolated.get(AcbConfig).app.name).toBe('from-options');
      const defaulted = await compile([AcbConfigModule.forRoot({ settingsDir: '/nonexistent' })]);
      expect(defaulted.get(AcbConfig).app.name).toBe('from-process-env');
    } finally {
      delete process.env['ACB_APP__NAME'];
    }
  });

  it('takes the process environment once, when forRoot is called', async () => {
    process.env['ACB_APP__NAME'] = 'at-forRoot';
    const dynamicModule = AcbConfigModule.forRoot({ settingsDir: '/nonexistent' });
    process.env['ACB_APP__NAME'] = 'later';
    try {
      const moduleRef = await compile([dynamicModule]);
      expect(moduleRef.get(AcbConfig).app.name).toBe('at-forRoot');
    } finally {
      delete process.env['ACB_APP__NAME'];
    }
  });

  it('supports forRootAsync({ imports, inject, useFactory })', async () => {
    const dir = settingsDir({ 'app.yml': 'name: async-shop\n' });
    const SETTINGS_DIR = Symbol('settings-dir');
    @Module({ providers: [{ provide: SETTINGS_DIR, useValue: dir.dir }], exports: [SETTINGS_DIR] })
    class PathsModule {}
    const moduleRef = await compile([
      AcbConfigModule.forRootAsync({
        imports: [PathsModule],
        inject: [SETTINGS_DIR],
        useFactory: (path: string) => ({ settingsDir: path, env: { ACB_APP__PORT: '4000' } }),
      }),
      FeatureModule,
    ]);
    const config = moduleRef.get(NeedsConfig).config;
    expect(config.app.name).toBe('async-shop');
    expect(config.app.port).toBe(4000);
    expect(moduleRef.get(ConfigService).get('app.name')).toBe('async-shop');
  });

  it('keeps two applications in one process apart', async () => {
    const first = settingsDir({ 'app.yml': 'name: first\n' });
    const second = settingsDir({ 'app.yml': 'name: second\n' });
    const a = await compile([AcbConfigModule.forRoot({ settingsDir: first.dir, env: {} })]);
    const b = await compile([AcbConfigModule.forRoot({ settingsDir: second.dir, env: {} })]);
    expect(a.get(AcbConfig).app.name).toBe('first');
    expect(b.get(AcbConfig).app.name).toBe('second');
    expect(a.get(ConfigService).get('app.name')).toBe('first');
    expect(b.get(ConfigService).get('app.name')).toBe('second');

    first.write('app.yml', 'name: first-changed\n');
    expect(a.get(AcbConfig).reload()).toEqual(['app']);
    expect(b.get(AcbConfig).reload()).toEqual([]);
    expect(b.get(AcbConfig).app.name).toBe('second');
  });

  it('fails compile with the typed, readable error', async () => {
    const broken = settingsDir({ 'app.yml': 'name: [\n' });
    await expect(compile([AcbConfigModule.forRoot({ settingsDir: broken.dir, env: {} })])).rejects.toThrow(ConfigSyntaxError);
    const invalid = settingsDir({ 'app.yml': 'port: -5\n' });
    await expect(compile([AcbConfigModule.forRoot({ settingsDir: invalid.dir, env: {} })])).rejects.toThrow(/app\.port fails min/);
    await expect(compile([AcbConfigModule.forRoot({ settingsDir: invalid.dir, env: {} })])).rejects.toBeInstanceOf(ConfigValidationError);
  });

  it('hotReload starts polling on init and stops on close', async () => {
    const dir = settingsDir({ 'app.yml': 'port: 1000\n' });
    const moduleRef = await compile([AcbConfigModule.forRoot({ settingsDir: dir.dir, env: {}, hotReload: { checkIntervalMs: 20 } })]);
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    const config = app.get(AcbConfig);
    const seen = new Promise<number>((resolve) => config.onChange('app', () => resolve(config.app.port)));
    dir.write('app.yml', 'port: 2000\n');
    await expect(seen).resolves.toBe(2000);
    await app.close();

    dir.write('app.yml', 'port: 3000\n');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(config.app.port).toBe(2000);
  });

  it('hotReload: true polls every 5000 ms and clears its timer on close (fake timers)', async () => {
    jest.useFakeTimers();
    try {
      const dir = settingsDir({ 'app.yml': 'port: 1000\n' });
      const moduleRef = await compile([AcbConfigModule.forRoot({ settingsDir: dir.dir, env: {}, hotReload: true })]);
      const app = moduleRef.createNestApplication({ logger: false });
      await app.init();
      const config = app.get(AcbConfig);
      dir.write('app.yml', 'port: 2000\n');
      jest.advanceTimersByTime(4999);
      expect(config.app.port).toBe(1000);
      jest.advanceTimersByTime(1);
      expect(config.app.port).toBe(2000);
      expect(jest.getTimerCount()).toBe(1);
      await app.close();
      expect(jest.getTimerCount()).toBe(0);
    } finally {
      jest.useRealTimers();
    }
  });

  it('acbYamlLoader feeds a plain ConfigModule.forRoot', async () => {
    const dir = settingsDir({ 'app.yml': 'name: plain\n', 'cache.yml': 'ttl: 60\n' });
    const moduleRef = await compile([ConfigModule.forRoot({ ignoreEnvFile: true, load: [acbYamlLoader({ settingsDir: dir.dir, env: {} })] })]);
    const configService = moduleRef.get(ConfigService);
    expect(configService.get('app.name')).toBe('plain');
    expect(configService.get('app.port')).toBe(3000);
    expect(configService.get('cache.ttl')).toBe(60);
  });
});
