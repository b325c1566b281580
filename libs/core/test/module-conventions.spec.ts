import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AcbAdaptersModule, CacheAdapter } from '@acb/adapters';
import { AcbConfig, AcbConfigModule } from '@acb/config';
import { AcbEventsModule, EventPublisher } from '@acb/events';
import { AcbLogger, AcbLoggerModule, MemoryLogDestination } from '@acb/logger';
import { AcbMigrationsModule, MigrationRunner } from '@acb/migrations';
import { AcbQueuesModule, Worker } from '@acb/queues';
import { AcbServicesModule, ValidationService } from '@acb/services';
import { AcbTestingModule } from '@acb/testing';
import { AcbWorkflowsModule, WorkflowService } from '@acb/workflows';
import { type DynamicModule, Injectable, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { IsString } from 'class-validator';
import { AcbModule } from '../src';

// NOTE: Nest applications boot in seconds on a loaded 2-core machine.
jest.setTimeout(60_000);

class Named {
  @IsString() name!: string;
}

/** Every factory method name the modules' `useClass` / `useExisting` call, on one class. */
@Injectable()
class EmptyOptions {
  create = () => ({});
  createAcbConfigOptions = () => ({});
  createLoggerOptions = () => ({});
  createEventsOptions = () => ({});
  createQueuesOptions = () => ({});
  createServicesOptions = () => ({});
  createAcbOptions = () => ({});
  createTestingOptions = () => ({});
  createMigrationsOptions = () => ({});
  createWorkflowsOptions = () => ({});
}

@Module({ providers: [EmptyOptions], exports: [EmptyOptions] })
class EmptyOptionsModule {}

type AsyncOptions = { imports?: any[]; inject?: any[]; useFactory?: (...args: any[]) => object; useClass?: any; useExisting?: any };

interface ModuleCase {
  name: string;
  /** `X.forRoot()` — no argument. */
  forRoot(): DynamicModule;
  forRootAsync(options: AsyncOptions): DynamicModule;
  /** A value that comes from the module's defaults. */
  probe(ref: TestingModule): unknown;
  expected: unknown;
}

const cases: ModuleCase[] = [
  {
    name: 'AcbConfigModule',
    forRoot: () => AcbConfigModule.forRoot(),
    forRootAsync: (o) => AcbConfigModule.forRootAsync(o as never),
    probe: (ref) => ref.get(AcbConfig).app.name,
    expected: 'acb-app',
  },
  {
    name: 'AcbLoggerModule',
    forRoot: () => AcbLoggerModule.forRoot(),
    forRootAsync: (o) => AcbLoggerModule.forRootAsync(o as never),
    probe: (ref) => ref.get(AcbLogger).level,
    expected: 'info',
  },
  {
    name: 'AcbAdaptersModule',
    forRoot: () => AcbAdaptersModule.forRoot(),
    forRootAsync: (o) => AcbAdaptersModule.forRootAsync(o as never),
    probe: (ref) => ref.get(CacheAdapter).constructor.name,
    expected: 'MemoryCacheAdapter',
  },
  {
    name: 'AcbEventsModule',
    forRoot: () => AcbEventsModule.forRoot(),
    forRootAsync: (o) => AcbEventsModule.forRootAsync(o as never),
    probe: async (ref) => (await ref.get(EventPublisher).emit('conventions.checked', {})).name,
    expected: 'conventions.checked',
  },
  {
    name: 'AcbQueuesModule',
    forRoot: () => AcbQueuesModule.forRoot(),
    forRootAsync: (o) => AcbQueuesModule.forRootAsync(o as never),
    probe: (ref) => [ref.get(Worker).concurrency, ref.get(Worker).running],
    expected: [10, true],
  },
  {
    name: 'AcbServicesModule',
    forRoot: () => AcbServicesModule.forRoot(),
    forRootAsync: (o) => AcbServicesModule.forRootAsync(o as never),
    probe: async (ref) => (await ref.get(ValidationService).validate({ name: 'Ada', extra: 1 }, Named)).value,
    expected: { name: 'Ada' },
  },
  {
    name: 'AcbMigrationsModule',
    forRoot: () => AcbMigrationsModule.forRoot(),
    forRootAsync: (o) => AcbMigrationsModule.forRootAsync(o as never),
    probe: (ref) => ref.get(MigrationRunner) instanceof MigrationRunner,
    expected: true,
  },
  {
    name: 'AcbWorkflowsModule',
    forRoot: () => AcbWorkflowsModule.forRoot(),
    forRootAsync: (o) => AcbWorkflowsModule.forRootAsync(o as never),
    probe: (ref) => ref.get(WorkflowService) instanceof WorkflowService,
    expected: true,
  },
  {
    name: 'AcbModule',
    forRoot: () => AcbModule.forRoot(),
    forRootAsync: (o) => AcbModule.forRootAsync(o as never),
    probe: (ref) => ref.get(AcbConfig).app.name,
    expected: 'acb-app',
  },
  {
    name: 'AcbTestingModule',
    forRoot: () => AcbTestingModule.forRoot(),
    forRootAsync: (o) => AcbTestingModule.forRootAsync(o as never),
    probe: (ref) => [ref.get(AcbConfig).app.name, ref.get(MemoryLogDestination) instanceof MemoryLogDestination],
    expected: ['acb-test', true],
  },
];

describe('every ACB module: forRoot() with no argument, forRootAsync in three spellings, global', () => {
  const cwd = process.cwd();
  let dir: string;
  const opened: TestingModule[] = [];

  beforeAll(() => {
    // NOTE: forRoot() reads ./settings and puts SQLite under ./data: an empty working directory gives the defaults.
    dir = mkdtempSync(join(tmpdir(), 'acb-conventions-'));
    process.chdir(dir);
  });

  afterEach(async () => {
    for (const ref of opened.splice(0)) await ref.close();
  });

  afterAll(() => {
    process.chdir(cwd);
    rmSync(dir, { recursive: true, force: true });
  });

  async function start(module: DynamicModule): Promise<TestingModule> {
    const ref = await Test.createTestingModule({ imports: [module] }).compile();
    ref.useLogger(false);
    opened.push(ref);
    await ref.init();
    return ref;
  }

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const spellings: Array<[string, DynamicModule]> = [
      ['forRoot()', c.forRoot()],
      ['useFactory', c.forRootAsync({ imports: [EmptyOptionsModule], inject: [EmptyOptions], useFactory: (o: EmptyOptions) => o.create() })],
      ['useClass', c.forRootAsync({ useClass: EmptyOptions })],
      ['useExisting', c.forRootAsync({ imports: [EmptyOptionsModule], useExisting: EmptyOptions })],
    ];
    for (const [spelling, module] of spellings) {
      expect({ spelling, global: module.global }).toEqual({ spelling, global: true });
      const ref = await start(module);
      expect({ spelling, value: await c.probe(ref) }).toEqual({ spelling, value: c.expected });
      await ref.close();
      opened.splice(opened.indexOf(ref), 1);
    }
  });
});
