import type { AcbConfig } from '@acb/config';
import type { AcbLoggerOptions, AcbLogLevel } from '@acb/logger';
import { LoggingSettings } from './logging.settings';

/** From the most to the least verbose. */
const LEVELS: readonly AcbLogLevel[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'];

/** The level the settings ask for: `debug.level` (validated by the config), at least `debug` when `debug.enabled`. */
export function levelFromSettings(config: AcbConfig): AcbLogLevel {
  const level: AcbLogLevel = config.debug.level;
  return config.debug.enabled && LEVELS.indexOf(level) > LEVELS.indexOf('debug') ? 'debug' : level;
}

/**
 * Logger options from the settings: `debug.enabled` → pretty output and level debug, `debug.level`,
 * `app.name` as the `app` field of every line (read per line: a hot reload changes it), every secret value redacted, `logging.redactPaths`.
 * `overrides` (AcbModuleOptions.logger) win.
 */
export function loggerOptionsFromConfig(config: AcbConfig, overrides: AcbLoggerOptions = {}): AcbLoggerOptions {
  const logging = config.section('logging', LoggingSettings);
  return {
    level: levelFromSettings(config),
    pretty: config.debug.enabled === true,
    redactValues: () => config.secretValues(),
    // NOTE: `app` is read per line, so a hot reload of app.name shows in the next line (unless base pins it).
    dynamicFields: overrides.base?.app === undefined ? () => ({ app: config.app.name }) : undefined,
    ...overrides,
    base: { ...overrides.base },
    redactPaths: [...logging.redactPaths, ...(overrides.redactPaths ?? [])],
    http: { autoLogging: logging.httpAutoLogging, ...overrides.http },
  };
}
