import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { HealthIndicatorService } from '@nestjs/terminus';
import { TypeOrmModule, type TypeOrmModuleOptions } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AcbConfig } from '@acb/config';
import { ADAPTER_CATEGORIES, ADAPTERS_SELECTION, type AdapterCategory } from './adapters.constants';
import {
  ACB_ADAPTERS_ASYNC_OPTIONS_TYPE,
  ACB_ADAPTERS_OPTIONS,
  ACB_ADAPTERS_OPTIONS_TYPE,
  AcbAdaptersConfigurableModule,
} from './adapters.module-definition';
import { AdaptersMessages } from './adapters.messages';
import { AdapterConfigurationError } from './errors/adapter-configuration.error';
import { AdaptersHealthIndicator } from './health/adapters-health.indicator';
import type { AdapterContext } from './interfaces/adapter-context.interface';
import type { AcbAdaptersModuleOptions } from './interfaces/adapters-module-options.interface';
import { resolveAdaptersSelection, type AdaptersSelection } from './lifecycle/adapters-selection';
import { AdaptersLifecycle } from './lifecycle/adapters.lifecycle';
import { ADAPTER_TYPES } from './registry/adapter-types';
import { assertAdapterCategory } from './registry/adapter-registry';
import { processAdapterRegistry } from './registry/adapters.registry';

type DataSourceOptionsFactory = { dataSourceOptions?: (context: AdapterContext) => TypeOrmModuleOptions };

/**
 * The adapter layer: provides the selected implementation of each category under its abstract class
 * (`CacheAdapter`, `SqlAdapter`, `NoSqlAdapter`, `StorageAdapter`, `MonitoringAdapter`), connected at start and
 * closed at shutdown, plus `AdaptersHealthIndicator`. The SQL adapter's TypeORM DataSource is the default
 * `TypeOrmModule` connection, so `TypeOrmModule.forFeature([Entity])` and `@InjectRepository` work on it.
 *
 * ```ts
 * @Module({ imports: [AcbConfigModule.forRoot(), AcbAdaptersModule.forRoot({ cache: 'redis' })] })
 * export class AppModule {}
 * ```
 */
@Module({})
export class AcbAdaptersModule extends AcbAdaptersConfigurableModule {
  /** Choices and settings from `settings/` (through `AcbConfig`), overridden by `options`. */
  static override forRoot(options: typeof ACB_ADAPTERS_OPTIONS_TYPE = {}): DynamicModule {
    return withAdapters(super.forRoot(options), options.categories);
  }

  /** Like `forRoot` with the options from a factory; `categories` stays static. */
  static override forRootAsync(options: typeof ACB_ADAPTERS_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withAdapters(super.forRootAsync(options), options.categories);
  }
}

function withAdapters(definition: DynamicModule, wanted: AdapterCategory[] | undefined): DynamicModule {
  const categories = [...(wanted ?? ADAPTER_CATEGORIES)];
  categories.forEach((category) => assertAdapterCategory(category));
  const selectionProvider: Provider = {
    provide: ADAPTERS_SELECTION,
    useFactory: (options: AcbAdaptersModuleOptions, config: AcbConfig | undefined) =>
      resolveAdaptersSelection(options, categories, config, processAdapterRegistry().extend(options.custom)),
    inject: [ACB_ADAPTERS_OPTIONS, { token: AcbConfig, optional: true }],
  };
  const adapterProviders: Provider[] = categories.map((category) => ({
    provide: ADAPTER_TYPES[category],
    useFactory: (lifecycle: AdaptersLifecycle, selection: AdaptersSelection, dataSource?: DataSource) =>
      lifecycle.start(selection, category, dataSource ? { dataSource } : {}),
    inject: [AdaptersLifecycle, ADAPTERS_SELECTION, ...(category === 'sql' ? [DataSource] : [])],
  }));
  const usesSql = categories.includes('sql');
  return {
    ...definition,
    global: true,
    imports: [
      ...(definition.imports ?? []),
      ...(usesSql
        ? [
            TypeOrmModule.forRootAsync({
              inject: [ADAPTERS_SELECTION],
              useFactory: (selection: AdaptersSelection) => typeOrmOptions(selection),
            }),
          ]
        : []),
    ],
    providers: [
      ...(definition.providers ?? []),
      selectionProvider,
      AdaptersLifecycle,
      HealthIndicatorService,
      AdaptersHealthIndicator,
      ...adapterProviders,
    ],
    exports: [
      ...categories.map((category) => ADAPTER_TYPES[category]),
      ADAPTERS_SELECTION,
      AdaptersHealthIndicator,
      ...(usesSql ? [TypeOrmModule] : []),
    ],
  };
}

/** The SQL class's own TypeORM options; the DataSource is initialised by the adapter's connect() (bounded retry). */
function typeOrmOptions(selection: AdaptersSelection): TypeOrmModuleOptions {
  const sql = selection.adapters.get('sql');
  const factory = sql?.adapterClass as DataSourceOptionsFactory | undefined;
  if (!sql || typeof factory?.dataSourceOptions !== 'function') {
    throw new AdapterConfigurationError(AdaptersMessages.sqlAdapterNeedsDataSource(sql?.name ?? 'sql'));
  }
  // NOTE: TypeOrmModule only builds the DataSource (connecting is ours), so its own retry loop must not repeat a
  // construction error such as a missing driver package.
  return { ...factory.dataSourceOptions(sql.context), autoLoadEntities: true, manualInitialization: true, retryAttempts: 1, retryDelay: 0 };
}
