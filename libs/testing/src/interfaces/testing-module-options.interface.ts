import type { AdapterCategory, AdapterChoice, AdapterTypes } from '@acb/adapters';
import type { LogLevel, SettingsClass } from '@acb/config';
import type { AcbEventsModuleOptions } from '@acb/events';
import type { AcbLoggerOptions, MemoryLogDestination } from '@acb/logger';
import type { AcbQueuesModuleOptions } from '@acb/queues';

/** An object standing in for a category's adapter: a `mockCache()`, a hand-written fake, a partial object. */
export type AdapterMocks = { [C in AdapterCategory]?: Partial<InstanceType<AdapterTypes[C]>> };

/**
 * Options of `AcbTestingModule.forRoot()` and `setupTestEnvironment()`. Every key is optional: the default is an
 * application with every adapter category on its embedded implementation (memory cache, SQLite `:memory:`, memory
 * nosql, memory storage, no monitoring), no settings file, no environment, logs kept in memory.
 */
export interface AcbTestingModuleOptions {
  /**
   * Per-category adapter choices (`{ cache: 'memory', sql: 'sqlite' }`, or `{ name, settings }`), over
   * `settings.adapters`. A category not named runs on its default; SQLite gets `:memory:` unless a database is given.
   * @default { cache: 'memory', sql: 'sqlite', nosql: 'memory', storage: 'memory', monitoring: 'none' }
   */
  adapters?: Partial<Record<AdapterCategory, AdapterChoice>>;
  /**
   * Categories provided as these objects under the adapter's abstract class (`CacheAdapter`, ...); the real
   * adapter of a mocked category is never constructed.
   */
  mocks?: AdapterMocks;
  /**
   * Section values, as the settings files would hold them (`{ app: { name: 'shop' }, cache: { max: 10 } }`).
   * @default {} (every section has its defaults, `app.name` is 'acb-test')
   */
  settings?: Record<string, unknown>;
  /** Settings classes validated at start, as `AcbConfigModule`'s `sections` option. */
  sections?: Record<string, SettingsClass>;
  /**
   * A settings directory to read (the application's own `settings/`, a fixture directory). Without it the
   * environment reads no file at all.
   * @default none
   */
  settingsDir?: string;
  /**
   * The environment for `${env:NAME}` and `ACB_*` overrides. The test process's variables are never read unless
   * passed here.
   * @default {}
   */
  env?: Record<string, string | undefined>;
  /**
   * `debug.enabled` (logs at level debug) — `true`, or the `debug` section (`{ enabled, level }`).
   * @default false
   */
  debug?: boolean | { enabled?: boolean; level?: LogLevel };
  /**
   * Where log lines go. The environment's `MemoryLogDestination` is injectable (`moduleRef.get(MemoryLogDestination)`).
   * @default a new MemoryLogDestination (nothing printed)
   */
  logs?: MemoryLogDestination;
  /** Logger options over the test defaults (`{ level: 'trace' }`, `{ destination: process.stdout }` to watch). */
  logger?: AcbLoggerOptions;
  /**
   * `AcbEventsModule` on the local transport (with `EventRecorder` injectable): `true` or its options.
   * @default false
   */
  events?: boolean | AcbEventsModuleOptions;
  /**
   * `AcbQueuesModule` on the memory backend with no worker running (drain with `drainQueues`): `true` or its
   * options. With `events` too, `viaQueue` event handlers are delivered through this queue.
   * @default false
   */
  queues?: boolean | AcbQueuesModuleOptions;
}
