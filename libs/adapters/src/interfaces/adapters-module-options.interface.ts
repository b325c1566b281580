import type { AdapterCategory } from '../adapters.constants';
import type { AdapterClass } from './adapter-context.interface';

/**
 * One category's choice: a name (`'redis'`), or a name with settings merged over the category's settings section
 * (`{ name: 'sqlite', settings: { database: ':memory:' } }`).
 */
export type AdapterChoice = string | { name: string; settings?: Record<string, unknown> };

/** A custom implementation known to one application only (see also `registerAdapter`). */
export interface CustomAdapterRegistration {
  category: AdapterCategory;
  name: string;
  use: AdapterClass;
}

/** `AcbAdaptersModule.forRoot(options)`. Every key is optional; the defaults come from `AcbConfig`. */
export interface AcbAdaptersModuleOptions {
  /** Overrides `settings/adapters.yml` `cache`. @default config.adapters.cache ('memory') */
  cache?: AdapterChoice;
  /** Overrides `settings/adapters.yml` `sql`. @default config.adapters.sql ('sqlite') */
  sql?: AdapterChoice;
  /** Overrides `settings/adapters.yml` `nosql`. @default config.adapters.nosql ('memory') */
  nosql?: AdapterChoice;
  /** Overrides `settings/adapters.yml` `storage`. @default config.adapters.storage ('memory') */
  storage?: AdapterChoice;
  /** Overrides `settings/adapters.yml` `monitoring`. @default config.adapters.monitoring ('none') */
  monitoring?: AdapterChoice;
  /** Implementations for this application only, over the built-in and `registerAdapter` ones. */
  custom?: CustomAdapterRegistration[];
  /** The key namespace on shared servers. @default config.app.name ('acb-app') */
  appName?: string;
  /** Connection attempts per adapter at start. @default 5 */
  connectAttempts?: number;
  /** Milliseconds between connection attempts. @default 1000 */
  connectDelayMs?: number;
  /** Milliseconds a health ping may take before the adapter counts as down. @default 1000 */
  healthTimeoutMs?: number;
}

/** Static choices of `forRoot`/`forRootAsync` (they shape the module, so they cannot come from a factory). */
export interface AcbAdaptersModuleExtras {
  /** The categories this application provides. @default all five */
  categories?: AdapterCategory[];
}
