import { ENV_PATH_SEPARATOR, FORBIDDEN_KEYS } from '../config.constants';
import { ConfigMessages } from '../config.messages';
import { ConfigSourceError } from '../errors/config-source.error';
import { ForbiddenConfigKeyError } from '../errors/forbidden-config-key.error';

/** One `ACB_<SECTION>__<KEY>[__<SUBKEY>...]=value` variable, split. */
export interface EnvOverride {
  variable: string;
  /** Section and key segments as written, lower-cased (`['app', 'port']`). */
  segments: string[];
  value: string;
}

/**
 * Collects the overrides of an environment: variables starting with `prefix` whose remainder has at least one
 * `__` (section and key). Variables without a key part (`ACB_DEBUG=1`) are not overrides and are ignored, as are
 * empty values (`ACB_APP__PORT=` falls back to the file). Sorted by variable name for a stable result.
 */
export function collectEnvOverrides(env: Readonly<Record<string, string | undefined>>, prefix: string): EnvOverride[] {
  const overrides: EnvOverride[] = [];
  for (const variable of Object.keys(env).sort()) {
    const value = env[variable];
    if (!variable.startsWith(prefix) || value === undefined || value === '') continue;
    const rest = variable.slice(prefix.length);
    if (!rest.includes(ENV_PATH_SEPARATOR)) continue;
    const segments = rest.split(ENV_PATH_SEPARATOR).map((segment) => segment.toLowerCase());
    if (segments.some((segment) => segment.length === 0)) {
      throw new ConfigSourceError(variable, ConfigMessages.invalidEnvOverride(variable, 'it has an empty section or key between "__" separators'));
    }
    const forbidden = segments.find((segment) => FORBIDDEN_KEYS.has(segment));
    if (forbidden !== undefined) throw new ForbiddenConfigKeyError(forbidden, ConfigMessages.envSource(variable), segments.join('.'));
    overrides.push({ variable, segments, value });
  }
  return overrides;
}

/**
 * Picks the key an override segment means at one level of a section: an existing key that matches ignoring
 * case, `_` and `-` (`MAX_CONCURRENT_STEPS` finds `maxConcurrentSteps` or `max_concurrent_steps`), else a
 * known property name matching the same way, else the segment in camelCase.
 */
export function resolveKey(segment: string, existingKeys: Iterable<string>): string {
  const wanted = normalizeKey(segment);
  for (const key of existingKeys) if (normalizeKey(key) === wanted) return key;
  return segment.replace(/[_-]+([a-z0-9])/g, (_match, next: string) => next.toUpperCase());
}

function normalizeKey(key: string): string {
  return key.replace(/[_-]/g, '').toLowerCase();
}
