/** Token of the environment snapshot taken once when the module is built (never read inside providers). */
export const ACB_CONFIG_ENV = Symbol('acb:config:env');

/** Default settings directory, relative to the working directory. */
export const DEFAULT_SETTINGS_DIR = 'settings';

/** Default prefix of environment overrides (`ACB_APP__NAME=x`). */
export const DEFAULT_ENV_PREFIX = 'ACB_';

/** Default poll interval of hot reload, in milliseconds (the seed's `check_interval=5.0`). */
export const DEFAULT_HOT_RELOAD_INTERVAL_MS = 5000;

/** Separator between the section and key segments of an environment override. */
export const ENV_PATH_SEPARATOR = '__';

/** Keys that must never reach an object: they would write a prototype instead of a value. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Section file extensions, in the order they are looked for. */
export const SETTINGS_FILE_EXTENSIONS: readonly string[] = ['.yml', '.yaml'];

/** Logger context of this library. */
export const ACB_CONFIG_LOGGER_CONTEXT = 'AcbConfig';
