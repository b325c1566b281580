import { AcbConfig, type AppSettings, type DebugSettings, type AdaptersSettings, type SettingsClass } from '@acb/config';
import { NO_SETTINGS_DIR } from '../testing.constants';

/** Section values for `mockConfig`: the built-in sections typed, any other section as a plain object. */
export interface MockConfigValues {
  app?: Partial<AppSettings>;
  debug?: Partial<DebugSettings>;
  adapters?: Partial<AdaptersSettings>;
  [section: string]: Record<string, unknown> | undefined;
}

/** Options of `mockConfig`. */
export interface MockConfigOptions {
  /** Settings classes validated now, as `AcbConfigModule`'s `sections`. */
  sections?: Record<string, SettingsClass>;
  /** The environment for `${env:NAME}` and `ACB_*` overrides. @default {} */
  env?: Record<string, string | undefined>;
}

/**
 * A real `AcbConfig` built from `values` alone: no settings file, no secret file, no process environment. Values are
 * validated like files (a bad value throws `ConfigValidationError` here). Spy on it like any object
 * (`jest.spyOn(config, 'section')`), or hand it to a provider under test:
 *
 * ```ts
 * const config = mockConfig({ app: { name: 'shop' }, cache: { defaultTtl: 60 } });
 * const service = new PricingService(config);
 * // or: providers: [PricingService, { provide: AcbConfig, useValue: config }]
 * ```
 */
export function mockConfig(values: MockConfigValues = {}, options: MockConfigOptions = {}): AcbConfig {
  return new AcbConfig({
    settingsDir: NO_SETTINGS_DIR,
    values: values as Record<string, unknown>,
    env: options.env ?? {},
    ...(options.sections ? { sections: options.sections } : {}),
  });
}
