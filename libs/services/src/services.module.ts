import { Module, type DynamicModule } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { HealthIndicatorService } from '@nestjs/terminus';
import { CacheAdapter, SqlAdapter } from '@acb/adapters';
import type { AcbServicesModuleOptions } from './interfaces/services-module-options.interface';
import { RepositoryContext } from './repository/repository-context';
import { UnitOfWork } from './repository/unit-of-work';
import { ServiceRegistry } from './registry/service-registry';
import { ServicesHealthIndicator } from './registry/services.health-indicator';
import { ResilienceRegistry } from './resilience/resilience.registry';
import { ServiceContext } from './service/service-context';
import {
  ConfigurableServicesModule,
  SERVICES_ASYNC_OPTIONS_TYPE,
  SERVICES_MODULE_OPTIONS,
  SERVICES_OPTIONS_TYPE,
} from './services.module-definition';
import { ValidationService } from './validation/validation.service';

/**
 * The services layer: `ServiceRegistry` (discovers `@AcbService` classes, starts them in dependency order),
 * `ServiceContext` (what `ServiceBase` gets), `ValidationService`, `ResilienceRegistry`, `RepositoryContext`
 * and `UnitOfWork` (on `options.dataSource` or the sql adapter's), and `ServicesHealthIndicator`.
 * Global, as every ACB module.
 *
 * ```ts
 * AcbServicesModule.forRoot()
 * AcbServicesModule.forRoot({ disabled: ['legacy_import'] })
 * ```
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    ServiceRegistry,
    ServiceContext,
    ValidationService,
    ResilienceRegistry,
    UnitOfWork,
    ServicesHealthIndicator,
    HealthIndicatorService,
    {
      provide: RepositoryContext,
      useFactory: (options: AcbServicesModuleOptions, sql?: SqlAdapter, cache?: CacheAdapter) =>
        new RepositoryContext({
          dataSource: () => options.dataSource ?? sql?.dataSource,
          cache,
          defaultCache: options.repositoryCache ?? false,
          localCache: options.repositoryLocalCache ?? false,
        }),
      inject: [SERVICES_MODULE_OPTIONS, { token: SqlAdapter, optional: true }, { token: CacheAdapter, optional: true }],
    },
  ],
  exports: [
    ServiceRegistry,
    ServiceContext,
    ValidationService,
    ResilienceRegistry,
    RepositoryContext,
    UnitOfWork,
    ServicesHealthIndicator,
  ],
})
export class AcbServicesModule extends ConfigurableServicesModule {
  /** @see AcbServicesModuleOptions for the options and their defaults. */
  static override forRoot(options: typeof SERVICES_OPTIONS_TYPE = {}): DynamicModule {
    return { ...super.forRoot(options), global: true };
  }

  /** Options from a factory (`useFactory` + `inject` + `imports`, or `useClass` / `useExisting`). */
  static override forRootAsync(options: typeof SERVICES_ASYNC_OPTIONS_TYPE): DynamicModule {
    return { ...super.forRootAsync(options), global: true };
  }
}
