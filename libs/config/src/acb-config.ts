import { Injectable, Logger } from '@nestjs/common';
import { isAbsolute, join, resolve } from 'node:path';
import { inspect } from 'node:util';
import { ACB_CONFIG_LOGGER_CONTEXT, DEFAULT_ENV_PREFIX, DEFAULT_SETTINGS_DIR } from './config.constants';
import { ConfigMessages } from './config.messages';
import { ConfigValidationError } from './errors/config-validation.error';
import type { AcbConfigModuleOptions } from './interfaces/acb-config-options.interface';
import type { AcbConfigChange, AcbConfigChangeListener } from './interfaces/config-change.interface';
import type { ConfigValidationIssue } from './interfaces/config-validation-issue.interface';
import type { SettingsClass } from './interfaces/settings-class.interface';
import { deepEqual, isPlainObject, type PlainObject } from './loading/plain-object';
import { errorText } from './loading/section-files.reader';
import { loadRawSettings, type RawSettings, type SettingsSources } from './loading/settings.loader';
import type { AdaptersSettings } from './sections/adapters.settings';
import type { AppSettings } from './sections/app.settings';
import { BUILT_IN_SECTIONS } from './sections/built-in-sections';
import type { DebugSettings } from './sections/debug.settings';
import type { ModelsSettings } from './sections/models.settings';
import { validateSection } from './validation/section.validator';

/** One consistent generation of settings: what was read, and the validated instances built from it. */
interface ConfigState {
  raw: RawSettings;
  validated: Map<string, Map<SettingsClass, object>>;
}

/** Where log lines of AcbConfig go (a Nest Logger by default). */
export interface AcbConfigLogger {
  log(message: string): unknown;
  warn(message: string): unknown;
  error(message: string): unknown;
}

/**
 * The application's settings: typed, validated sections read from `settings/*.yml`, secrets and `ACB_*`
 * environment overrides.
 *
 * ```ts
 * constructor(private readonly config: AcbConfig) {}
 * this.config.app.name; this.config.debug.enabled; this.config.adapters.cache;
 * this.config.section('workflows', WorkflowsSettings).maxConcurrentSteps;
 * ```
 *
 * In a Nest application it comes from `AcbConfigModule`. Outside Nest build it with
 * `new AcbConfig({ settingsDir, env: process.env })`: the environment is never read implicitly.
 * Every constructor or `reload()` either yields a fully valid generation or throws and changes nothing.
 */
@Injectable()
export class AcbConfig {
  /** Absolute path of the settings directory. */
  readonly settingsDir: string;
  /** Absolute path of the secrets directory. */
  readonly secretsDir: string;

  // NOTE: true private fields: even `console.dir` (which skips custom inspection) cannot show the environment
  // or the revealed secrets they hold.
  readonly #sources: SettingsSources;
  private readonly declared = new Map<string, SettingsClass>();
  private readonly used = new Map<string, Set<SettingsClass>>();
  private readonly listeners = new Map<string, Set<AcbConfigChangeListener>>();
  #state: ConfigState;

  /**
   * Loads and validates every section now.
   * @throws ConfigSyntaxError, ConfigSourceError, ForbiddenConfigKeyError, UnknownSecretError,
   *   MissingEnvVariableError, ConfigValidationError (listing every failed rule)
   */
  constructor(
    options: Omit<AcbConfigModuleOptions, 'hotReload'> = {},
    private readonly logger: AcbConfigLogger = new Logger(ACB_CONFIG_LOGGER_CONTEXT),
  ) {
    const settingsLabel = options.settingsDir ?? DEFAULT_SETTINGS_DIR;
    const secretsLabel = options.secretsDir ?? join(settingsLabel, 'secrets');
    this.settingsDir = absolute(settingsLabel);
    this.secretsDir = absolute(secretsLabel);
    this.#sources = {
      settings: { dir: this.settingsDir, label: settingsLabel },
      secrets: { dir: this.secretsDir, label: secretsLabel },
      envPrefix: options.envPrefix ?? DEFAULT_ENV_PREFIX,
      values: options.values ?? {},
      env: { ...(options.env ?? {}) },
    };
    for (const [name, settingsClass] of Object.entries({ ...BUILT_IN_SECTIONS, ...options.sections })) {
      this.declared.set(name, settingsClass);
    }
    this.#state = this.buildState();
  }

  /** `settings/app.yml`. */
  get app(): AppSettings {
    return this.section<AppSettings>('app');
  }

  /** `settings/debug.yml`. */
  get debug(): DebugSettings {
    return this.section<DebugSettings>('debug');
  }

  /** `settings/adapters.yml`. */
  get adapters(): AdaptersSettings {
    return this.section<AdaptersSettings>('adapters');
  }

  /** `settings/models.yml`. */
  get models(): ModelsSettings {
    return this.section<ModelsSettings>('models');
  }

  /**
   * A section by name.
   * - With a class: the validated instance (defaults for missing keys), built on first use and cached; the class
   *   is re-validated on every reload from then on.
   * - Without a class: the instance of the class declared at start (built-in or `sections` option), else the
   *   plain, frozen object of the section, or `{}` when nothing defines it.
   * @throws ConfigValidationError when the section does not satisfy `settingsClass`
   */
  section<T extends object = Record<string, unknown>>(name: string, settingsClass?: SettingsClass<T>): T {
    const wanted = settingsClass ?? (this.declared.get(name) as SettingsClass<T> | undefined);
    if (!wanted) return (this.#state.raw.sections.get(name)?.value ?? EMPTY_SECTION) as T;
    const cached = this.#state.validated.get(name)?.get(wanted);
    if (cached) return cached as T;
    const result = validateSection(name, wanted, this.#state.raw.sections.get(name));
    if (result.issues) throw new ConfigValidationError(result.issues);
    this.remember(this.#state, name, wanted, result.instance);
    if (!this.declared.has(name)) this.usedClasses(name).add(wanted);
    return result.instance;
  }

  /** True when a file, `values`, an override or a settings class defines the section. */
  has(section: string): boolean {
    return this.#state.raw.sections.has(section) || this.declared.has(section) || this.used.has(section);
  }

  /** Every section name `has()` accepts, sorted. */
  sectionNames(): string[] {
    return [...new Set([...this.#state.raw.sections.keys(), ...this.declared.keys(), ...this.used.keys()])].sort();
  }

  /**
   * Calls `listener` after a reload for each changed section (`'*'` for every section). Only sections whose
   * values differ are reported; a listener that throws is logged and does not stop the others.
   * @returns a function that removes the listener
   */
  onChange<T = unknown>(section: string, listener: AcbConfigChangeListener<T>): () => void {
    let set = this.listeners.get(section);
    if (!set) {
      set = new Set();
      this.listeners.set(section, set);
    }
    const registered = listener as AcbConfigChangeListener;
    set.add(registered);
    return () => {
      set.delete(registered);
    };
  }

  /** The revealed value of every secret (for log redaction only), empty ones excluded. */
  secretValues(): string[] {
    const values = [...this.#state.raw.secrets.values(), ...this.#state.raw.secretsInUse];
    return [...new Set(values)].filter((value) => value.length > 0);
  }

  /**
   * Re-reads every source and re-validates every section class in use. On success the new values replace the
   * old ones and listeners hear about the changed sections; on failure it throws and nothing changes.
   * The environment is the one given at construction (a process cannot change it from outside).
   * @returns the names of the changed sections
   */
  reload(): string[] {
    const next = this.buildState();
    const previous = this.#state;
    const names = new Set([...previous.raw.sections.keys(), ...next.raw.sections.keys()]);
    const changed = [...names]
      .filter((name) => !deepEqual(previous.raw.sections.get(name)?.value ?? EMPTY_SECTION, next.raw.sections.get(name)?.value ?? EMPTY_SECTION))
      .sort();
    this.#state = next;
    for (const name of changed) {
      this.notify({ section: name, previous: this.view(previous, name), current: this.view(next, name) });
    }
    return changed;
  }

  /**
   * What the configuration prints as, whichever way it is printed (`JSON.stringify`, `console.log`,
   * `util.inspect` at any depth, Nest and pino loggers): the settings and secrets directories and every section's
   * values, secrets as `[redacted]`. Never the environment it was given, never a revealed secret.
   */
  toJSON(): { settingsDir: string; secretsDir: string; sections: Record<string, unknown> } {
    const sections: Record<string, unknown> = {};
    for (const name of this.sectionNames()) {
      Object.defineProperty(sections, name, { value: this.view(this.#state, name) ?? EMPTY_SECTION, enumerable: true });
    }
    return { settingsDir: this.settingsDir, secretsDir: this.secretsDir, sections };
  }

  /** `util.inspect` / `console.log` show the safe view of `toJSON()` under the class name. */
  [inspect.custom](_depth: number, options: object, inspectValue: typeof inspect = inspect): string {
    return `AcbConfig ${inspectValue(this.toJSON(), options)}`;
  }

  private buildState(): ConfigState {
    const classes = this.classesInUse();
    const defaults = new Map<string, object>();
    for (const [name, list] of classes) {
      const [first] = list;
      if (first) defaults.set(name, new first());
    }
    const raw = loadRawSettings(this.#sources, defaults);
    for (const section of raw.sections.values()) deepFreeze(section.value);
    const state: ConfigState = { raw, validated: new Map() };
    const issues: ConfigValidationIssue[] = [];
    for (const [name, list] of classes) {
      for (const settingsClass of list) {
        const result = validateSection(name, settingsClass, raw.sections.get(name));
        if (result.issues) issues.push(...result.issues);
        else this.remember(state, name, settingsClass, result.instance);
      }
    }
    if (issues.length > 0) throw new ConfigValidationError(issues);
    return state;
  }

  private classesInUse(): Map<string, SettingsClass[]> {
    const classes = new Map<string, SettingsClass[]>();
    for (const [name, settingsClass] of this.declared) classes.set(name, [settingsClass]);
    for (const [name, set] of this.used) classes.set(name, [...(classes.get(name) ?? []), ...set]);
    return classes;
  }

  private usedClasses(name: string): Set<SettingsClass> {
    let set = this.used.get(name);
    if (!set) {
      set = new Set();
      this.used.set(name, set);
    }
    return set;
  }

  private remember(state: ConfigState, name: string, settingsClass: SettingsClass, instance: object): void {
    let byClass = state.validated.get(name);
    if (!byClass) {
      byClass = new Map();
      state.validated.set(name, byClass);
    }
    byClass.set(settingsClass, instance);
  }

  private view(state: ConfigState, name: string): unknown {
    const declared = this.declared.get(name);
    if (declared) return state.validated.get(name)?.get(declared);
    return state.raw.sections.get(name)?.value ?? EMPTY_SECTION;
  }

  private notify(change: AcbConfigChange): void {
    const targets = [...(this.listeners.get(change.section) ?? []), ...(this.listeners.get('*') ?? [])];
    for (const listener of targets) {
      try {
        listener(change);
      } catch (error) {
        this.logger.error(ConfigMessages.listenerFailed(change.section, errorText(error)));
      }
    }
  }
}

const EMPTY_SECTION: PlainObject = Object.freeze({}) as PlainObject;

function absolute(path: string): string {
  return isAbsolute(path) ? path : resolve(path);
}

function deepFreeze(value: unknown): void {
  if (Array.isArray(value) || isPlainObject(value)) {
    Object.freeze(value);
    for (const item of Object.values(value)) deepFreeze(item);
  }
}
