import type { DynamicModule, InjectionToken, Provider } from '@nestjs/common';
import {
  ADAPTER_CATEGORIES,
  AcbAdaptersModule,
  importAdapter,
  type AcbAdaptersModuleOptions,
  type AdapterCategory,
  type AdapterChoice,
} from '@acb/adapters';
import { AcbConfig, AcbConfigModule, type AcbConfigModuleOptions } from '@acb/config';
import { AcbEventsModule, type AcbEventsModuleOptions } from '@acb/events';
import { AcbLoggerModule, MemoryLogDestination, type AcbLoggerOptions } from '@acb/logger';
import { AcbQueuesModule, Queue, TaskRegistry, createQueuesEventBridge, type AcbQueuesModuleOptions } from '@acb/queues';
import { AcbTestingError } from '../errors/acb-testing.error';
import { EventRecorder } from '../events';
import type { AcbTestingModuleOptions } from '../interfaces/testing-module-options.interface';
import { NO_SETTINGS_DIR, TEST_APP_NAME, TEST_SQLITE_DATABASE } from '../testing.constants';
import { TestingMessages } from '../testing.messages';

/** What AcbTestingModule imports, provides and exports for one set of options. */
export interface TestingEnvironmentComposition {
  imports: DynamicModule[];
  providers: Provider[];
  exports: InjectionToken[];
}

/**
 * The one place that decides how a test environment is assembled from the ACB modules: config with no files and no
 * environment, the logger writing to memory, the adapters (mocked categories left out and provided as the mocks),
 * and optionally events (local) and queues (memory). When `AcbModule` composes every system, this can delegate to it.
 */
export function composeTestingEnvironment(options: AcbTestingModuleOptions): TestingEnvironmentComposition {
  const logs = options.logs ?? new MemoryLogDestination();
  const mocks = mockProviders(options);
  const realCategories = ADAPTER_CATEGORIES.filter((category) => options.mocks?.[category] === undefined);
  const imports: DynamicModule[] = [
    AcbConfigModule.forRoot(configOptions(options)),
    AcbLoggerModule.forRootAsync({
      inject: [AcbConfig],
      useFactory: (config: AcbConfig) => loggerOptions(config, logs, options.logger),
    }),
  ];
  if (realCategories.length > 0) {
    imports.push(
      AcbAdaptersModule.forRootAsync({
        categories: [...realCategories],
        inject: [AcbConfig],
        useFactory: (config: AcbConfig) => adaptersOptions(config, options.adapters),
      }),
    );
  }
  const queues = options.queues ? AcbQueuesModule.forRoot(queuesOptions(options.queues)) : undefined;
  if (queues) imports.push(queues);
  if (options.events) imports.push(eventsModule(options.events, queues));

  const recorder: Provider[] = options.events ? [EventRecorder] : [];
  return {
    imports,
    providers: [{ provide: MemoryLogDestination, useValue: logs }, ...mocks.map(([, provider]) => provider), ...recorder],
    exports: [MemoryLogDestination, ...mocks.map(([token]) => token), ...(options.events ? [EventRecorder] : [])],
  };
}

/** What `AcbTestingModule.forRootAsync` knows before its options factory runs. */
export interface TestingEnvironmentShape {
  /** `AcbEventsModule` (local, with `EventRecorder`), configured from the factory's `events`. */
  events?: boolean;
  /** `AcbQueuesModule` (memory, no worker running), configured from the factory's `queues`. */
  queues?: boolean;
  /** Categories the factory's `mocks` provide (each must be there); the others run on their real adapter. */
  mocked?: AdapterCategory[];
}

/**
 * The environment of `forRootAsync`: the same modules as `composeTestingEnvironment`, each configured through its
 * own `forRootAsync` from the options under `optionsToken` (provided by AcbTestingModule, global).
 */
export function composeTestingEnvironmentAsync(shape: TestingEnvironmentShape, optionsToken: InjectionToken): TestingEnvironmentComposition {
  const mocked = [...(shape.mocked ?? [])];
  for (const category of mocked) {
    if (!(ADAPTER_CATEGORIES as readonly string[]).includes(category)) {
      throw new AcbTestingError(TestingMessages.unknownMockCategory(category, ADAPTER_CATEGORIES));
    }
  }
  const realCategories = ADAPTER_CATEGORIES.filter((category) => !mocked.includes(category));
  const imports: DynamicModule[] = [
    AcbConfigModule.forRootAsync({ inject: [optionsToken], useFactory: (options: AcbTestingModuleOptions) => configOptions(options) }),
    AcbLoggerModule.forRootAsync({
      inject: [AcbConfig, MemoryLogDestination, optionsToken],
      useFactory: (config: AcbConfig, logs: MemoryLogDestination, options: AcbTestingModuleOptions) => loggerOptions(config, logs, options.logger),
    }),
  ];
  if (realCategories.length > 0) {
    imports.push(
      AcbAdaptersModule.forRootAsync({
        categories: [...realCategories],
        inject: [AcbConfig, optionsToken],
        useFactory: (config: AcbConfig, options: AcbTestingModuleOptions) => adaptersOptions(config, options.adapters),
      }),
    );
  }
  if (shape.queues) {
    imports.push(
      AcbQueuesModule.forRootAsync({
        inject: [optionsToken],
        useFactory: (options: AcbTestingModuleOptions) => queuesOptions(options.queues === false || options.queues === undefined ? true : options.queues),
      }),
    );
  }
  if (shape.events) {
    imports.push(
      AcbEventsModule.forRootAsync({
        inject: [optionsToken, ...(shape.queues ? [TaskRegistry, Queue] : [])],
        useFactory: (options: AcbTestingModuleOptions, registry?: TaskRegistry, queue?: Queue): AcbEventsModuleOptions => {
          const events: AcbEventsModuleOptions = typeof options.events === 'object' ? options.events : {};
          return registry && queue && !events.queueBridge ? { ...events, queueBridge: createQueuesEventBridge(registry, queue) } : events;
        },
      }),
    );
  }
  const mocks: Provider[] = mocked.map((category) => ({
    provide: importAdapter(category),
    inject: [optionsToken],
    useFactory: (options: AcbTestingModuleOptions) => {
      const mock = options.mocks?.[category];
      if (mock === undefined) throw new AcbTestingError(TestingMessages.missingMock(category));
      return mock;
    },
  }));
  return {
    imports,
    providers: [
      { provide: MemoryLogDestination, inject: [optionsToken], useFactory: (options: AcbTestingModuleOptions) => options.logs ?? new MemoryLogDestination() },
      ...mocks,
      ...(shape.events ? [EventRecorder] : []),
    ],
    exports: [MemoryLogDestination, ...mocked.map((category) => importAdapter(category)), ...(shape.events ? [EventRecorder] : [])],
  };
}

/** `{ provide: CacheAdapter, useValue: mock }` per mocked category. */
function mockProviders(options: AcbTestingModuleOptions): Array<[InjectionToken, Provider]> {
  return Object.entries(options.mocks ?? {})
    .filter(([, mock]) => mock !== undefined)
    .map(([category, mock]) => {
      if (!(ADAPTER_CATEGORIES as readonly string[]).includes(category)) {
        throw new AcbTestingError(TestingMessages.unknownMockCategory(category, ADAPTER_CATEGORIES));
      }
      const token = importAdapter(category as AdapterCategory);
      return [token, { provide: token, useValue: mock }];
    });
}

/** Config from `settings` (+ `debug`) with no files unless `settingsDir` is given, and no process environment. */
export function configOptions(options: AcbTestingModuleOptions): AcbConfigModuleOptions {
  const settings = { ...(options.settings ?? {}) };
  const debug = typeof options.debug === 'boolean' ? { enabled: options.debug } : options.debug;
  if (debug) settings.debug = { ...asObject(settings.debug), ...debug };
  if (options.settingsDir === undefined) settings.app = { name: TEST_APP_NAME, ...asObject(settings.app) };
  return {
    settingsDir: options.settingsDir ?? NO_SETTINGS_DIR,
    values: settings,
    env: options.env ?? {},
    ...(options.sections ? { sections: options.sections } : {}),
  };
}

/** JSON lines into `logs` (never pretty: tests parse them), level from `debug`, secrets redacted. */
function loggerOptions(config: AcbConfig, logs: MemoryLogDestination, overrides: AcbLoggerOptions = {}): AcbLoggerOptions {
  return {
    level: config.debug.enabled ? 'debug' : config.debug.level,
    pretty: false,
    destination: logs,
    redactValues: () => config.secretValues(),
    ...overrides,
    base: { app: config.app.name, ...overrides.base },
  };
}

/** The given choices; SQLite on `:memory:` unless a database is named; one connection attempt (fail fast). */
export function adaptersOptions(
  config: AcbConfig,
  choices: Partial<Record<AdapterCategory, AdapterChoice>> = {},
): AcbAdaptersModuleOptions {
  const sql = typeof choices.sql === 'string' ? { name: choices.sql } : choices.sql;
  const sqlName = sql?.name ?? config.adapters.sql;
  const configured = config.has('sql') ? config.section<Record<string, unknown>>('sql') : {};
  const database = sql?.settings?.database ?? configured.database;
  const sqlChoice: AdapterChoice | undefined =
    sqlName === 'sqlite' && database === undefined
      ? { name: sqlName, settings: { ...sql?.settings, database: TEST_SQLITE_DATABASE } }
      : choices.sql;
  return { ...choices, ...(sqlChoice ? { sql: sqlChoice } : {}), connectAttempts: 1, connectDelayMs: 0 };
}

/** The memory backend, no worker running (tests drain with `drainQueues`), unless the options say otherwise. */
function queuesOptions(queues: true | AcbQueuesModuleOptions): AcbQueuesModuleOptions {
  return { backend: 'memory', runWorker: false, ...(queues === true ? {} : queues) };
}

/** Local transport (global: the test's own providers inject `EventPublisher`); `viaQueue` through the queue if any. */
function eventsModule(events: true | AcbEventsModuleOptions, queues: DynamicModule | undefined): DynamicModule {
  const options: AcbEventsModuleOptions = events === true ? {} : events;
  if (!queues || options.queueBridge) return AcbEventsModule.forRoot(options);
  return AcbEventsModule.forRootAsync({
    imports: [queues],
    inject: [TaskRegistry, Queue],
    useFactory: (registry: TaskRegistry, queue: Queue) => ({ ...options, queueBridge: createQueuesEventBridge(registry, queue) }),
  });
}

function asObject(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' ? (value as Record<string, unknown>) : {};
}
