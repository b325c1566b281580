import { AcbConfig } from '@acb/config';
import { AcbContext, AcbLogger, MemoryLogDestination, REDACTED } from '@acb/logger';
import { Controller, Get, Injectable, type INestApplication, Logger, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { Writable } from 'node:stream';
import request from 'supertest';
import { AcbModule, type AcbModuleOptions, setupAcbApp } from '../src';

import { SettingsDir } from './settings-dir';

// NOTE: Nest applications boot in seconds on a loaded 2-core machine; jest's default 5 s is too tight.
jest.setTimeout(30_000);

const DB_PASSWORD = 'pg-Secr3t-value';

@Injectable()
class BillingService {
  constructor(
    readonly config: AcbConfig,
    readonly logger: AcbLogger,
  ) {}
}

@Controller('bill')
class BillingController {
  constructor(private readonly billing: BillingService) {}

  @Get()
  bill(): { app: string } {
    this.billing.logger.info('billing', { dsn: `postgres://acb:${DB_PASSWORD}@db/acb` });
    return { app: this.billing.config.app.name };
  }
}

@Module({ controllers: [BillingController], providers: [BillingService] })
class BillingModule {}

async function createApp(options: AcbModuleOptions): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ imports: [AcbModule.forRoot(options), BillingModule] }).compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  setupAcbApp(app, { shutdownSignals: false });
  await app.init();
  return app;
}

describe('AcbModule', () => {
  let settings: SettingsDir;
  let app: INestApplication | undefined;

  beforeEach(() => {
    settings = new SettingsDir({
      'app.yml': 'name: shop\nport: 4100\n',
      'debug.yml': 'enabled: false\nlevel: info\n',
      'database.yml': 'url: postgres://acb:${secret:db_password}@db/acb\npassword: ${secret:db_password}\n',
      'logging.yml': 'redactPaths:\n  - card.number\n',
      'secrets/db_password': DB_PASSWORD,
    });
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    settings.remove();
  });

  it('gives a Nest app config and a logger configured from the settings, and nothing else is needed', async () => {
    const out = new MemoryLogDestination();
    app = await createApp({ settingsDir: settings.path, env: {}, logger: { destination: out } });

    const config = app.get(AcbConfig);
    expect(config.app.name).toBe('shop');
    expect(config.app.port).toBe(4100);
    const logger = app.get(AcbLogger);
    expect(logger.level).toBe('info');
    logger.debug('not written');
    logger.info('written', { card: { number: '4111111111111111', brand: 'visa' } });

    expect(out.withMessage('not written')).toHaveLength(0);
    const [written] = out.withMessage('written');
    expect(written).toMatchObject({ app: 'shop', card: { number: REDACTED, brand: 'visa' } });
    expect(out.records().some((line) => line.context === 'RoutesResolver' && line.app === 'shop')).toBe(true);
  });

  it('never writes a secret value from the secrets dir, even revealed by mistake', async () => {
    const out = new MemoryLogDestination();
    app = await createApp({ settingsDir: settings.path, env: {}, logger: { destination: out } });
    const config = app.get(AcbConfig);
    const database = config.section<{ password: { reveal(): string } }>('database');
    expect(database.password.reveal()).toBe(DB_PASSWORD);

    app.get(AcbLogger).warn('connecting', { password: database.password, leaked: database.password.reveal() });
    new Logger('Db').error(`cannot connect with ${database.password.reveal()}`);
    const response = await request(app.getHttpServer()).get('/bill').expect(200);

    expect(response.body).toEqual({ app: 'shop' });
    expect(out.lines.length).toBeGreaterThan(3);
    expect(out.text()).not.toContain(DB_PASSWORD);
    expect(out.withMessage('connecting')[0]).toMatchObject({ password: REDACTED, leaked: REDACTED });
    expect(out.withMessage('billing')[0]).toMatchObject({ dsn: REDACTED, requestId: response.headers['x-request-id'] });
  });

  it('turns debug.enabled into pretty output at debug level', async () => {
    settings.write('debug.yml', 'enabled: true\nlevel: info\n');
    const chunks: string[] = [];
    const destination = new Writable({
      write(chunk: Buffer, _encoding, done) {
        chunks.push(chunk.toString());
        done();
      },
    });
    app = await createApp({ settingsDir: settings.path, env: {}, logger: { destination } });

    const logger = app.get(AcbLogger);
    expect(logger.level).toBe('debug');
    logger.debug('Cache hit', { key: 'user:1' });
    const text = chunks.join('');
    expect(text).toContain('Cache hit');
    expect(text).toContain('DEBUG');
    expect(text).not.toMatch(/^\{"level"/m);
  });

  it('lets debug.level and ACB_ environment overrides choose the level, and options override both', async () => {
    settings.write('debug.yml', 'enabled: false\nlevel: warn\n');
    app = await createApp({ settingsDir: settings.path, env: {}, logger: { destination: new MemoryLogDestination() } });
    expect(app.get(AcbLogger).level).toBe('warn');
    await app.close();

    app = await createApp({
      settingsDir: settings.path,
      env: { ACB_DEBUG__LEVEL: 'error', ACB_APP__NAME: 'from-env' },
      logger: { destination: new MemoryLogDestination() },
    });
    expect(app.get(AcbLogger).level).toBe('error');
    expect(app.get(AcbConfig).app.name).toBe('from-env');
    await app.close();

    app = await createApp({
      settingsDir: settings.path,
      env: { ACB_DEBUG__LEVEL: 'error' },
      logger: { destination: new MemoryLogDestination(), level: 'trace', base: { zone: 'eu' } },
    });
    expect(app.get(AcbLogger).level).toBe('trace');
  });

  it('follows a configuration reload: new secret values are redacted and the debug level applies', async () => {
    const out = new MemoryLogDestination();
    app = await createApp({ settingsDir: settings.path, env: {}, logger: { destination: out } });
    const config = app.get(AcbConfig);
    const logger = app.get(AcbLogger);

    settings.write('secrets/db_password', 'rotated-Secr3t');
    settings.write('debug.yml', 'enabled: false\nlevel: debug\n');
    expect(config.reload()).toEqual(expect.arrayContaining(['database', 'debug']));

    expect(logger.level).toBe('debug');
    logger.debug('after reload', { value: 'rotated-Secr3t' });
    expect(out.withMessage('after reload')[0].value).toBe(REDACTED);
    expect(out.text()).not.toContain('rotated-Secr3t');
    expect(out.records().some((line) => String(line.msg).includes("log level is now 'debug'"))).toBe(true);
  });

  it('works with forRootAsync and an in-memory configuration (no settings files)', async () => {
    const out = new MemoryLogDestination();
    const moduleRef = await Test.createTestingModule({
      imports: [
        AcbModule.forRootAsync({
          useFactory: async (): Promise<AcbModuleOptions> => ({
            settingsDir: `${settings.path}/does-not-exist`,
            values: { app: { name: 'async-app' }, debug: { level: 'debug' } },
            env: {},
            logger: { destination: out },
          }),
        }),
        BillingModule,
      ],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();

    expect(app.get(AcbConfig).app.name).toBe('async-app');
    const response = await request(app.getHttpServer()).get('/bill').expect(200);
    expect(response.body).toEqual({ app: 'async-app' });
    const [completed] = out.withMessage('request completed');
    expect(completed).toMatchObject({ app: 'async-app', requestId: response.headers['x-request-id'] });
    AcbContext.run({ taskId: 't-1' }, () => app!.get(AcbLogger).debug('task line'));
    expect(out.withMessage('task line')[0]).toMatchObject({ taskId: 't-1', app: 'async-app' });
  });

  it('keeps two applications in one process independent', async () => {
    const outA = new MemoryLogDestination();
    const outB = new MemoryLogDestination();
    const other = new SettingsDir({ 'app.yml': 'name: other\n', 'secrets/db_password': 'other-secret' });
    const appA = await createApp({ settingsDir: settings.path, env: {}, logger: { destination: outA } });
    const appB = await createApp({ settingsDir: other.path, env: {}, logger: { destination: outB } });
    try {
      expect(appA.get(AcbConfig).app.name).toBe('shop');
      expect(appB.get(AcbConfig).app.name).toBe('other');
      appA.get(AcbLogger).info('line A');
      appB.get(AcbLogger).info('line B');
      expect(outA.records().map((line) => line.msg)).toContain('line A');
      expect(outA.records().map((line) => line.msg)).not.toContain('line B');
      expect(outB.withMessage('line B')[0].app).toBe('other');
      expect(outB.withMessage('line A')).toHaveLength(0);
    } finally {
      await appA.close();
      await appB.close();
      other.remove();
    }
  });

  it('fails at start with the config error when a settings file is invalid', async () => {
    settings.write('debug.yml', 'enabled: false\nlevel: loud\n');
    await expect(createApp({ settingsDir: settings.path, env: {}, logger: { destination: new MemoryLogDestination() } })).rejects.toThrow(
      /debug/,
    );
  });
});
