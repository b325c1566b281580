import type { AcbConfig } from '@acb/config';
import { Secret } from '@acb/config';
import {
  ADAPTER_CATEGORIES,
  DEFAULT_ADAPTER_NAMES,
  DEFAULT_APP_NAME,
  DEFAULT_CONNECT_ATTEMPTS,
  DEFAULT_CONNECT_DELAY_MS,
  DEFAULT_HEALTH_TIMEOUT_MS,
  type AdapterCategory,
} from '../adapters.constants';
import type { AdapterClass, AdapterContext } from '../interfaces/adapter-context.interface';
import type { AcbAdaptersModuleOptions, AdapterChoice } from '../interfaces/adapters-module-options.interface';
import type { AdapterRegistry } from '../registry/adapter-registry';
import { RedactingLogger } from './redacting.logger';

/** One category's resolved implementation. */
export interface ResolvedAdapter {
  category: AdapterCategory;
  name: string;
  adapterClass: AdapterClass;
  context: AdapterContext;
}

/** What an application selected, resolved once at start. */
export interface AdaptersSelection {
  appName: string;
  adapters: ReadonlyMap<AdapterCategory, ResolvedAdapter>;
  connectAttempts: number;
  connectDelayMs: number;
  healthTimeoutMs: number;
}

const OPTIONS_SOURCE = 'AcbAdaptersModule options';
const CONFIG_SOURCE = 'settings/adapters.yml';
const DEFAULT_SOURCE = 'the defaults';

/**
 * Resolves every enabled category: the name from the options, else `config.adapters.<category>`, else the default;
 * the settings from `config.section(<category>)` (`settings/cache.yml`, ...) with the option's `settings` merged over
 * them; secrets revealed. Unknown names throw here, at start, listing the valid ones.
 */
export function resolveAdaptersSelection(
  options: AcbAdaptersModuleOptions,
  categories: readonly AdapterCategory[],
  config: AcbConfig | undefined,
  registry: AdapterRegistry,
): AdaptersSelection {
  const appName = options.appName ?? config?.app.name ?? DEFAULT_APP_NAME;
  const adapters = new Map<AdapterCategory, ResolvedAdapter>();
  for (const category of ADAPTER_CATEGORIES.filter((item) => categories.includes(item))) {
    const choice = normaliseChoice(options[category]);
    const configured = config ? (config.adapters as unknown as Record<string, unknown>)[category] : undefined;
    const [name, source] = choice
      ? [choice.name, OPTIONS_SOURCE]
      : typeof configured === 'string' && configured.length > 0
        ? [configured, CONFIG_SOURCE]
        : [DEFAULT_ADAPTER_NAMES[category], DEFAULT_SOURCE];
    const adapterClass = registry.resolve(category, name, source);
    const section = config?.has(category) ? config.section<Record<string, unknown>>(category) : {};
    const settings = reveal({ ...section, ...(choice?.settings ?? {}) }) as Record<string, unknown>;
    adapters.set(category, {
      category,
      name,
      adapterClass,
      context: { appName, settings, logger: new RedactingLogger(`AcbAdapters:${category}`) },
    });
  }
  return {
    appName,
    adapters,
    connectAttempts: Math.max(1, options.connectAttempts ?? DEFAULT_CONNECT_ATTEMPTS),
    connectDelayMs: Math.max(0, options.connectDelayMs ?? DEFAULT_CONNECT_DELAY_MS),
    healthTimeoutMs: Math.max(1, options.healthTimeoutMs ?? DEFAULT_HEALTH_TIMEOUT_MS),
  };
}

function normaliseChoice(choice: AdapterChoice | undefined): { name: string; settings?: Record<string, unknown> } | undefined {
  if (choice === undefined) return undefined;
  return typeof choice === 'string' ? { name: choice } : choice;
}

/** A deep copy with every `Secret` replaced by its value (adapters get plain settings). */
function reveal(value: unknown): unknown {
  if (value instanceof Secret) return value.reveal();
  if (Array.isArray(value)) return value.map(reveal);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, reveal(item)]));
  }
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    // NOTE: a validated settings class instance: copy its own fields the same way.
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, reveal(item)]));
  }
  return value;
}
