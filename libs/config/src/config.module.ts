import { Global, Logger, Module, type DynamicModule, type Provider } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { AcbConfig } from './acb-config';
import { ACB_CONFIG_ENV, ACB_CONFIG_LOGGER_CONTEXT } from './config.constants';
import { ASYNC_OPTIONS_TYPE, ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE } from './config.module-definition';
import { createConfigServiceView } from './config-service.view';
import { ConfigHotReloadLifecycle } from './hot-reload/config-hot-reload.lifecycle';
import type { AcbConfigModuleOptions } from './interfaces/acb-config-options.interface';

type Environment = Readonly<Record<string, string | undefined>>;

const configProviders: Provider[] = [
  {
    provide: AcbConfig,
    useFactory: (options: AcbConfigModuleOptions, env: Environment): AcbConfig =>
      new AcbConfig({ ...options, env: options.env ?? env }, new Logger(ACB_CONFIG_LOGGER_CONTEXT)),
    inject: [MODULE_OPTIONS_TOKEN, ACB_CONFIG_ENV],
  },
  {
    // NOTE: ConfigModule.forRoot({ load }) runs its loaders outside DI, so it could not see forRootAsync options
    // nor follow a hot reload; the ConfigService is built here over a live view of the validated sections.
    provide: ConfigService,
    useFactory: (config: AcbConfig): ConfigService => new ConfigService(createConfigServiceView(config)),
    inject: [AcbConfig],
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
 * `configService.get('app.port')`). The environment (`${env:X}`, `ACB_*` overrides) is a copy of `process.env`
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
    providers: [...(module.providers ?? []), { provide: ACB_CONFIG_ENV, useValue: env }, ...configProviders],
    exports: [...(module.exports ?? []), AcbConfig, ConfigService],
  };
}
