import { AcbConfigModule, type AcbConfigModuleOptions } from '@acb/config';
import { type DynamicModule, Module } from '@nestjs/common';
import {
  ACB_MODULE_ASYNC_OPTIONS_TYPE,
  ACB_MODULE_OPTIONS,
  ACB_MODULE_OPTIONS_TYPE,
  AcbConfigurableModule,
} from './core.module-definition';
import { ACB_FEATURES } from './features/acb-features';
import type { AcbModuleOptions } from './interfaces/acb-module-options.interface';

/**
 * The whole ACB stack for a Nest application: configuration from `settings/`, structured logging configured from
 * it, and (as they land) the adapters, events, queues, workflows, services and migrations selected by the settings.
 * Global; import it once, in the root module.
 *
 * @example
 * @Module({ imports: [AcbModule.forRoot()] })
 * export class AppModule {}
 */
@Module({})
export class AcbModule extends AcbConfigurableModule {
  /** @see AcbModuleOptions; with no options, everything comes from `settings/` and the environment. */
  static forRoot(options: typeof ACB_MODULE_OPTIONS_TYPE = {}): DynamicModule {
    return compose(super.forRoot(options), AcbConfigModule.forRoot(configOptions(options)));
  }

  /** Options from a factory (`useFactory` + `inject` + `imports`, or `useClass` / `useExisting`). */
  static forRootAsync(options: typeof ACB_MODULE_ASYNC_OPTIONS_TYPE): DynamicModule {
    return compose(
      super.forRootAsync(options),
      AcbConfigModule.forRootAsync({ inject: [ACB_MODULE_OPTIONS], useFactory: configOptions }),
    );
  }
}

function compose(definition: DynamicModule, config: DynamicModule): DynamicModule {
  return {
    ...definition,
    // NOTE: global, so the feature modules' factories (imported below) can inject ACB_MODULE_OPTIONS.
    global: true,
    imports: [...(definition.imports ?? []), config, ...ACB_FEATURES.map((feature) => feature.module())],
    providers: [...(definition.providers ?? []), ...ACB_FEATURES.flatMap((feature) => feature.providers ?? [])],
    exports: [...(definition.exports ?? []), ACB_MODULE_OPTIONS],
  };
}

const CONFIG_KEYS = ['settingsDir', 'secretsDir', 'envPrefix', 'sections', 'hotReload', 'values', 'env'] as const;

/** The configuration part of the options, without keys left undefined (so the config's defaults apply). */
function configOptions(options: AcbModuleOptions): AcbConfigModuleOptions {
  const picked: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) if (options[key] !== undefined) picked[key] = options[key];
  return picked as AcbConfigModuleOptions;
}
