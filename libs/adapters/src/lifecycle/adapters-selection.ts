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
    const settings = withDeclaredSpelling(reveal({ ...section, ...(choice?.settings ?? {}) }) as Record<string, unknown>);
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

/** Blocks of a category file that hold one backend's own settings (`nosql.yml`: `redis: { pool_size }`). */
const BACKEND_BLOCKS = new Set(['memory', 'redis', 'postgres', 'sqlite', 'file', 'prometheus']);

/**
 * Settings keys in either spelling, as everywhere in ACB (issue 10): the adapters read camelCase (`defaultTtl`,
 * `poolSize`, `connectTimeoutMs`), the seed's files write snake_case (`default_ttl`). Each `snake_case` or
 * `kebab-case` key of the category file (and of its backend blocks) also appears under its camelCase name unless
 * that one is written too (then the camelCase one wins). Values are left alone: the keys of a map such as
 * `defaultLabels` stay as written.
 */
function withDeclaredSpelling(settings: Record<string, unknown>, depth = 0): Record<string, unknown> {
  const out: Record<string, unknown> = { ...settings };
  for (const [key, value] of Object.entries(settings)) {
    const camel = key.replace(/[_-]+([a-zA-Z0-9])/g, (_match, next: string) => next.toUpperCase());
    if (camel !== key && !Object.prototype.hasOwnProperty.call(settings, camel)) {
      Object.defineProperty(out, camel, { value, enumerable: true, writable: true, configurable: true });
    }
    if (depth === 0 && BACKEND_BLOCKS.has(key) && value !== null && typeof value === 'object' && !Array.isArray(value)) {
      out[key] = withDeclaredSpelling(value as Record<string, unknown>, depth + 1);
    }
  }
  return out;
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
