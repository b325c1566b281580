import { AcbConfigModule, type AcbConfigModuleOptions } from '@acb/config';
import { type DynamicModule, Module } from '@nestjs/common';
import {
  ACB_MODULE_ASYNC_OPTIONS_TYPE,
  ACB_MODULE_OPTIONS,
  ACB_MODULE_OPTIONS_TYPE,
  AcbConfigurableModule,
} from './core.module-definition';
import { ACB_FEATURES } from './features/acb-features';
import { enabledFeatures, featureSwitchesFromSettings } from './features/feature-switches';
import type { AcbFeature } from './interfaces/acb-feature.interface';
import type { AcbFeatureSwitches, AcbModuleOptions } from './interfaces/acb-module-options.interface';

/**
 * The whole ACB stack for a Nest application: configuration from `settings/`, structured logging configured from
 * it, the adapters, queues, events, migrations, services and workflows, each configured from its settings file.
 * Global (as every ACB module); import it once, in the root module. A system switched off
 * (`features: { queues: false }`, or `queues: false` in `settings/features.yml`) is not imported at all.
 *
 * @example
 * @Module({ imports: [AcbModule.forRoot()] })
 * export class AppModule {}
 */
@Module({})
export class AcbModule extends AcbConfigurableModule {
  /** @see AcbModuleOptions; with no options, everything comes from `settings/` and the environment. */
  static forRoot(options: typeof ACB_MODULE_OPTIONS_TYPE = {}): DynamicModule {
    const config = configOptions(options);
    return compose(super.forRoot(options), AcbConfigModule.forRoot(config), () =>
      enabledFeatures(ACB_FEATURES, options.features, featureSwitchesFromSettings({ ...config, env: config.env ?? { ...process.env } })),
    );
  }

  /**
   * Options from a factory (`useFactory` + `inject` + `imports`, or `useClass` / `useExisting`). Which systems are
   * composed is fixed before any factory runs, so here only the static `features` switches them off
   * (`settings/features.yml` is read by `forRoot`, whose settings directory is known when the module is built).
   */
  static forRootAsync(options: typeof ACB_MODULE_ASYNC_OPTIONS_TYPE & { features?: AcbFeatureSwitches }): DynamicModule {
    return compose(
      super.forRootAsync(options),
      AcbConfigModule.forRootAsync({ inject: [ACB_MODULE_OPTIONS], useFactory: configOptions }),
      () => enabledFeatures(ACB_FEATURES, options.features),
    );
  }
}

function compose(definition: DynamicModule, config: DynamicModule, select: () => AcbFeature[]): DynamicModule {
  // NOTE: a promise Nest awaits while it scans the module graph: a bad `features` setting fails the application's
  // start (NestFactory.create, Test...compile()) like any other bad setting, not the import of the root module.
  const systems = (async (): Promise<DynamicModule> => {
    const features = select();
    return {
      module: AcbSystemsModule,
      imports: features.map((feature) => feature.module()),
      providers: features.flatMap((feature) => feature.providers ?? []),
    };
  })();
  systems.catch(() => undefined);
  return {
    ...definition,
    // NOTE: global, so the feature modules' factories (imported below) can inject ACB_MODULE_OPTIONS.
    global: true,
    imports: [...(definition.imports ?? []), config, systems],
    exports: [...(definition.exports ?? []), ACB_MODULE_OPTIONS],
  };
}

/** Holds the systems AcbModule composes (each of them a global module). */
@Module({})
class AcbSystemsModule {}

const CONFIG_KEYS = ['settingsDir', 'secretsDir', 'envPrefix', 'sections', 'hotReload', 'values', 'env'] as const;

/** The configuration part of the options, without keys left undefined (so the config's defaults apply). */
function configOptions(options: AcbModuleOptions): AcbConfigModuleOptions {
  const picked: Record<string, unknown> = {};
  for (const key of CONFIG_KEYS) if (options[key] !== undefined) picked[key] = options[key];
  return picked as AcbConfigModuleOptions;
}
