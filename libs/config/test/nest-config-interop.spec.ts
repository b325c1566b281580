import { Injectable, Module } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbConfig, AcbConfigModule } from '../src';
import { createSettingsDir, type SettingsDir } from './settings-dir';

@Injectable()
class LegacyService {
  constructor(readonly configService: ConfigService) {}
}

/** A provider written the ACB way: it imports nothing and sees the global modules. */
@Injectable()
class AcbSideService {
  constructor(
    readonly config: AcbConfig,
    readonly configService: ConfigService,
  ) {}
}

/** A feature module of an existing app: it imports ConfigModule itself, as the @nestjs/config docs show. */
@Module({ imports: [ConfigModule], providers: [LegacyService], exports: [LegacyService] })
class LegacyFeatureModule {}

describe('AcbConfigModule beside ConfigModule.forRoot()', () => {
  let dir: SettingsDir;
  let app: TestingModule;
  const warn = jest.fn();

  beforeEach(async () => {
    dir = createSettingsDir({ 'app.yml': 'name: shop\nport: 8080\n' });
    app = await Test.createTestingModule({
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          load: [() => ({ legacy: { flag: true }, app: { name: 'from-a-loader' } })],
        }),
        AcbConfigModule.forRoot({ settingsDir: dir.dir, env: {} }),
        LegacyFeatureModule,
      ],
      providers: [AcbSideService],
    })
      .setLogger({ log: jest.fn(), error: jest.fn(), warn, debug: jest.fn(), verbose: jest.fn() })
      .compile();
  });

  afterEach(async () => {
    await app.close();
    dir.cleanup();
    warn.mockClear();
  });

  it('has one ConfigService that reads the ACB sections and the app’s own loaders', () => {
    const fromRoot = app.get(ConfigService);
    const fromFeature = app.get(LegacyService).configService;
    const fromAcbSide = app.get(AcbSideService).configService;
    expect(fromFeature).toBe(fromRoot);
    expect(fromAcbSide).toBe(fromRoot);
    expect(fromRoot.get('app.name')).toBe('shop');
    expect(fromRoot.get('app.name')).toBe(app.get(AcbConfig).app.name);
    expect(fromRoot.get('legacy.flag')).toBe(true);
    // the loader's `app` key lost to the validated section, and the app was told
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('ConfigService key "app"'), 'AcbConfig');
  });

  it('agrees with AcbConfig after a hot reload, sections a reload adds included', () => {
    const configService = app.get(LegacyService).configService;
    dir.write('app.yml', 'name: shop-renamed\nport: 9090\n');
    dir.write('billing.yml', 'currency: EUR\n');
    expect(app.get(AcbConfig).reload()).toEqual(['app', 'billing']);
    expect(configService.get('app.name')).toBe('shop-renamed');
    expect(configService.get('app.port')).toBe(9090);
    expect(configService.get('app.name')).toBe(app.get(AcbConfig).app.name);
    expect(configService.get('billing.currency')).toBe('EUR');
  });
});
