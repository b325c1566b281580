/** The adapter categories, in the order they are started (and stopped in reverse). */
export const ADAPTER_CATEGORIES = ['cache', 'sql', 'nosql', 'storage', 'monitoring'] as const;

/** One of `cache`, `sql`, `nosql`, `storage`, `monitoring`. */
export type AdapterCategory = (typeof ADAPTER_CATEGORIES)[number];

/** The built-in implementation chosen when neither the options nor `settings/adapters.yml` name one. */
export const DEFAULT_ADAPTER_NAMES: Readonly<Record<AdapterCategory, string>> = Object.freeze({
  cache: 'memory',
  sql: 'sqlite',
  nosql: 'memory',
  storage: 'memory',
  monitoring: 'none',
});

/** The resolved selection (category -> class, name, settings) of one application. */
export const ADAPTERS_SELECTION = Symbol('acb:adapters:selection');

/** @default 5 connection attempts per adapter at start. */
export const DEFAULT_CONNECT_ATTEMPTS = 5;
/** @default 1000 ms between connection attempts. */
export const DEFAULT_CONNECT_DELAY_MS = 1000;
/** @default 1000 ms for one health ping. */
export const DEFAULT_HEALTH_TIMEOUT_MS = 1000;
/** Used when no `AcbConfig` is available and no `appName` option is given. */
export const DEFAULT_APP_NAME = 'acb-app';
