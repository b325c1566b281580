import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CacheAdapter, SqlAdapter } from '@acb/adapters';
import { AcbConfig } from '@acb/config';
import { EventPublisher } from '@acb/events';
import { AcbLogger } from '@acb/logger';
import { Queue, Worker } from '@acb/queues';
import { ServiceRegistry } from '@acb/services';
import { type DynamicModule } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbFeatureSwitchError, AcbModule } from '../src';

// NOTE: Nest applications boot in seconds on a loaded 2-core machine.
jest.setTimeout(60_000);

const EVERYTHING_BUT_CONFIG_AND_LOGGING = {
  adapters: false,
  events: false,
  queues: false,
  services: false,
  migrations: false,
  workflows: false,
} as const;

/** Tokens of the systems that can be switched off, one per system. */
const SYSTEM_TOKENS = { adapters: [CacheAdapter, SqlAdapter], queues: [Queue, Worker], events: [EventPublisher], services: [ServiceRegistry] };

function resolvable(ref: TestingModule, token: unknown): boolean {
  try {
    ref.get(token as never, { strict: false });
    return true;
  } catch {
    return false;
  }
}

describe('AcbModule: each system can be switched off (options, settings/features.yml, forRootAsync)', () => {
  const cwd = process.cwd();
  let dir: string;
  let ref: TestingModule | undefined;

  beforeEach(() => {
    // NOTE: an empty working directory: forRoot() reads ./settings and would put the default SQLite file under it.
    dir = mkdtempSync(join(tmpdir(), 'acb-features-'));
    process.chdir(dir);
  });

  afterEach(async () => {
    await ref?.close();
    ref = undefined;
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(module: DynamicModule): Promise<TestingModule> {
    ref = await Test.createTestingModule({ imports: [module] }).compile();
    ref.useLogger(false);
    await ref.init();
    return ref;
  }

  it('with every system on (the default) there are adapters, queues, events, services, and a SQLite file', async () => {
    const app = await start(AcbModule.forRoot());
    for (const tokens of Object.values(SYSTEM_TOKENS)) for (const token of tokens) expect(resolvable(app, token)).toBe(true);
    expect(readdirSync(dir).length).toBeGreaterThan(0);
  });

  it('configuration and logging only, by options: no file, no queue, no registry, no adapter', async () => {
    const app = await start(AcbModule.forRoot({ features: EVERYTHING_BUT_CONFIG_AND_LOGGING }));
    expect(app.get(AcbConfig).app.name).toBe('acb-app');
    expect(app.get(AcbLogger)).toBeDefined();
    for (const [system, tokens] of Object.entries(SYSTEM_TOKENS)) {
      for (const token of tokens) expect({ system, resolvable: resolvable(app, token) }).toEqual({ system, resolvable: false });
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('configuration and logging only, by settings/features.yml (and an ACB_FEATURES__ override turns one back on)', async () => {
    mkdirSync(join(dir, 'settings'));
    writeFileSync(join(dir, 'settings', 'features.yml'), Object.keys(EVERYTHING_BUT_CONFIG_AND_LOGGING).map((name) => `${name}: false\n`).join(''));
    const app = await start(AcbModule.forRoot({ env: { ACB_FEATURES__QUEUES: 'true' } }));
    expect(resolvable(app, Queue)).toBe(true);
    for (const token of [CacheAdapter, EventPublisher, ServiceRegistry]) expect(resolvable(app, token)).toBe(false);
    expect(readdirSync(dir)).toEqual(['settings']);
  });

  it('the option wins over the file; events run without queues', async () => {
    mkdirSync(join(dir, 'settings'));
    writeFileSync(join(dir, 'settings', 'features.yml'), 'events: false\n');
    const app = await start(AcbModule.forRoot({ features: { events: true, queues: false, services: false, workflows: false, migrations: false, adapters: false } }));
    expect((await app.get(EventPublisher).emit('switches.checked', {})).name).toBe('switches.checked');
    expect(resolvable(app, Queue)).toBe(false);
  });

  it('forRootAsync takes the same switches, statically', async () => {
    const app = await start(AcbModule.forRootAsync({ useFactory: () => ({}), features: EVERYTHING_BUT_CONFIG_AND_LOGGING }));
    expect(app.get(AcbConfig).app.name).toBe('acb-app');
    for (const token of [CacheAdapter, Queue, EventPublisher, ServiceRegistry]) expect(resolvable(app, token)).toBe(false);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails the start on an unknown system or a value that is not a boolean, naming the valid systems', async () => {
    await expect(Test.createTestingModule({ imports: [AcbModule.forRoot({ features: { logger: false } as never })] }).compile()).rejects.toThrow(
      /"logger" is not a system AcbModule can switch off; valid: adapters, queues, events, migrations, services, workflows \(configuration and logging are always on\)/,
    );
    mkdirSync(join(dir, 'settings'));
    writeFileSync(join(dir, 'settings', 'features.yml'), 'queues: maybe\n');
    await expect(Test.createTestingModule({ imports: [AcbModule.forRoot()] }).compile()).rejects.toThrow(AcbFeatureSwitchError);
    await expect(Test.createTestingModule({ imports: [AcbModule.forRoot()] }).compile()).rejects.toThrow(
      'settings/features.yml: "queues" must be true or false, got "maybe"',
    );
  });
});
