import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AcbConfig, type AcbConfigModuleOptions } from '@acb/config';
import { CoreMessages } from '../core.messages';
import { AcbFeatureSwitchError } from '../errors/acb-feature-switch.error';
import type { AcbFeature } from '../interfaces/acb-feature.interface';
import type { AcbFeatureSwitches } from '../interfaces/acb-module-options.interface';

/** The settings section (`settings/features.yml`) that switches systems off: `queues: false`. */
export const FEATURES_SECTION = 'features';

/** Systems that are always composed: configuration (AcbModule itself) and logging. */
const ALWAYS_ON: ReadonlySet<string> = new Set(['logger']);

/**
 * The systems to compose: every feature unless `switches` (options) or, under them, `fromSettings` say `false`.
 * @throws AcbFeatureSwitchError for an unknown system name, a non-boolean value, logging switched off, or a system
 *   whose `requires` is switched off
 */
export function enabledFeatures(
  features: readonly AcbFeature[],
  switches: AcbFeatureSwitches | undefined,
  fromSettings: Record<string, unknown> = {},
): AcbFeature[] {
  const switchable = features.map((feature) => feature.name).filter((name) => !ALWAYS_ON.has(name));
  const off = new Set<string>();
  for (const [source, values] of [
    [`settings/${FEATURES_SECTION}.yml`, fromSettings],
    ['AcbModule features option', switches ?? {}],
  ] as const) {
    for (const [name, raw] of Object.entries(values)) {
      if (raw === undefined) continue;
      if (!switchable.includes(name)) throw new AcbFeatureSwitchError(CoreMessages.unknownFeature(source, name, switchable));
      const on = raw === true || raw === 'true' ? true : raw === false || raw === 'false' ? false : undefined;
      if (on === undefined) throw new AcbFeatureSwitchError(CoreMessages.featureNotBoolean(source, name, raw));
      if (on) off.delete(name);
      else off.add(name);
    }
  }
  const enabled = features.filter((feature) => !off.has(feature.name));
  for (const feature of enabled) {
    const missing = (feature.requires ?? []).filter((name) => off.has(name));
    if (missing.length > 0) throw new AcbFeatureSwitchError(CoreMessages.featureNeeds(feature.name, missing));
  }
  return enabled;
}

/**
 * The `features` section as `AcbModule.forRoot()` sees it while the module graph is built, before any provider
 * exists. Read only when something can set it — a `features.yml`/`.yaml` file, a `features` value or an
 * `ACB_FEATURES__*` override — so applications that switch nothing off pay no second read of the settings.
 */
export function featureSwitchesFromSettings(options: AcbConfigModuleOptions): Record<string, unknown> {
  const settingsDir = options.settingsDir ?? 'settings';
  const envPrefix = `${options.envPrefix ?? 'ACB_'}${FEATURES_SECTION.toUpperCase()}__`;
  const env = options.env ?? {};
  const present =
    ['.yml', '.yaml'].some((extension) => existsSync(join(settingsDir, `${FEATURES_SECTION}${extension}`))) ||
    options.values?.[FEATURES_SECTION] !== undefined ||
    Object.keys(env).some((name) => name.startsWith(envPrefix));
  if (!present) return {};
  // NOTE: quiet: AcbConfigModule reads the same settings again and reports what there is to report.
  const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined };
  return { ...new AcbConfig(options, quiet).section<Record<string, unknown>>(FEATURES_SECTION) };
}
