import type { SettingsClass } from './settings-class.interface';

/** Options of `AcbConfigModule.forRoot()` (and what a `forRootAsync` factory returns). */
export interface AcbConfigModuleOptions {
  /**
   * Directory of the section files (`<section>.yml` or `.yaml`), relative to the working directory.
   * A missing directory is not an error: every section then has its defaults.
   * @default 'settings'
   */
  settingsDir?: string;
  /**
   * Directory of the secrets: one file per secret, the file name is the secret name.
   * @default '<settingsDir>/secrets'
   */
  secretsDir?: string;
  /**
   * Prefix of environment overrides: `ACB_APP__NAME=x` sets `app.name`.
   * @default 'ACB_'
   */
  envPrefix?: string;
  /**
   * Settings classes validated at start, by section name. A class given for a built-in section (`app`,
   * `debug`, `adapters`, `models`) replaces the built-in one and should extend it.
   */
  sections?: Record<string, SettingsClass>;
  /**
   * Poll the settings and secrets for changes (`true` polls every 5000 ms).
   * @default false
   */
  hotReload?: boolean | { checkIntervalMs: number };
  /**
   * In-memory section values merged over the files (`{ debug: { enabled: true } }`); environment overrides
   * still win over them.
   */
  values?: Record<string, unknown>;
  /**
   * The environment used for `${env:NAME}` and `ACB_*` overrides.
   * @default a copy of `process.env` taken once when the module is built
   */
  env?: Record<string, string | undefined>;
}

/** Options of `enableConfigHotReload()`. */
export interface ConfigHotReloadOptions {
  /**
   * Poll interval in milliseconds.
   * @default 5000
   */
  checkIntervalMs?: number;
  /** Where warnings go. @default a Nest `Logger` with context 'AcbConfig' */
  logger?: { log(message: string): unknown; warn(message: string): unknown };
}

/** A running hot reload; `stop()` clears its timer. */
export interface ConfigHotReloadHandle {
  stop(): void;
}
