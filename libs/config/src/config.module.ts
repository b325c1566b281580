import { Global, Logger, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { AcbConfig } from './acb-config';
import { ACB_CONFIG_ENV, ACB_CONFIG_LOGGER_CONTEXT } from './config.constants';
import { ASYNC_OPTIONS_TYPE, ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE } from './config.module-definition';
import { attachToConfigStore, NEST_CONFIG_STORE } from './config-service.view';
import { ConfigHotReloadLifecycle } from './hot-reload/config-hot-reload.lifecycle';
import type { AcbConfigModuleOptions } from './interfaces/acb-config-options.interface';

type Environment = Readonly<Record<string, string | undefined>>;

const configProviders: Provider[] = [
  {
    // NOTE: one ConfigService per application: @nestjs/config's own (its global host module builds it once, whether
    // or not the app also calls ConfigModule.forRoot()); the validated sections are put into its store, live.
    provide: AcbConfig,
    useFactory: (options: AcbConfigModuleOptions, env: Environment, store: Record<string, unknown>): AcbConfig => {
      const logger = new Logger(ACB_CONFIG_LOGGER_CONTEXT);
      const config = new AcbConfig({ ...options, env: options.env ?? env }, logger);
      attachToConfigStore(store, config, logger);
      return config;
    },
    inject: [MODULE_OPTIONS_TOKEN, ACB_CONFIG_ENV, NEST_CONFIG_STORE],
  },
  ConfigHotReloadLifecycle,
];

/**
 * Typed, validated settings for a Nest application (global module).
 *
 * ```ts
 * @Module({ imports: [AcbConfigModule.forRoot({ settingsDir: 'settings', hotReload: true })] })
 * export class AppModule {}
 * ```
 * Provides `AcbConfig` and @nestjs/config's `ConfigService` (which reads the same sections:
 * `configService.get('app.port')`). An app that also calls `ConfigModule.forRoot()` keeps one ConfigService: the
 * sections are added to it beside the app's own `load` factories and `.env` values. The environment (`${env:X}`, `ACB_*` overrides) is a copy of `process.env`
 * taken here, once, unless the options give `env`.
 */
@Global()
@Module({})
export class AcbConfigModule extends ConfigurableModuleClass {
  /** Reads `settings/` (or `settingsDir`) at start; throws a typed, readable error on bad settings. */
  static override forRoot(options: typeof OPTIONS_TYPE = {}): DynamicModule {
    return withConfigProviders(super.forRoot(options), options.env ?? { ...process.env });
  }

  /** Like forRoot with options from a factory (`{ imports, inject, useFactory }`, `useClass`, `useExisting`). */
  static override forRootAsync(options: typeof ASYNC_OPTIONS_TYPE): DynamicModule {
    return withConfigProviders(super.forRootAsync(options), { ...process.env });
  }
}

function withConfigProviders(module: DynamicModule, env: Environment): DynamicModule {
  return {
    ...module,
    global: true,
    imports: [...(module.imports ?? []), ConfigModule],
    providers: [...(module.providers ?? []), { provide: ACB_CONFIG_ENV, useValue: env }, ...configProviders],
    exports: [...(module.exports ?? []), AcbConfig, ConfigModule],
  };
}
