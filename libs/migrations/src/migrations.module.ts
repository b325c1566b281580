import { NoSqlAdapter, SqlAdapter } from '@acb/adapters';
import { EventPublisher } from '@acb/events';
import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type { MigrationInput } from './interfaces/migration-source.interface';
import type { AcbMigrationsModuleOptions } from './interfaces/migrations-module-options.interface';
import { MigrationsBootstrap } from './migrations.bootstrap';
import { MigrationsFeature } from './migrations.feature';
import {
  AcbMigrationsConfigurableModule,
  ACB_MIGRATIONS_ASYNC_OPTIONS_TYPE,
  ACB_MIGRATIONS_MODULE_OPTIONS,
  ACB_MIGRATIONS_OPTIONS_TYPE,
} from './migrations.module-definition';
import { MigrationRunner } from './runner/migration-runner';
import { UnavailableSqlAdapter } from './runner/unavailable-sql.adapter';

/** The feature modules `forFeature()` returns. */
@Module({})
export class AcbMigrationsFeatureModule {}

/**
 * The migration system: one `MigrationRunner` on the application's sql adapter (and nosql adapter when there is one),
 * `migration.*` events through `EventPublisher` when the events module is present, the app's migrations from
 * `options.migrations` and `directory`, plus every library's `AcbMigrationsModule.forFeature([...])`.
 * Global, as every ACB module.
 *
 * ```ts
 * AcbMigrationsModule.forRoot({ migrations: [CreateUsersTable], runOnStartup: true })
 * ```
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: MigrationRunner,
      useFactory: (options: AcbMigrationsModuleOptions, sql?: SqlAdapter, nosql?: NoSqlAdapter, events?: EventPublisher) => {
        return new MigrationRunner({
          // NOTE: an app without a sql adapter still starts; the runner says what is missing when it is used.
          sql: sql ?? new UnavailableSqlAdapter(),
          nosql,
          events,
          migrations: options.migrations ?? [],
          table: options.table,
          lockTimeoutMs: options.lockTimeoutMs,
          validateBeforeApply: options.validateBeforeApply,
          acceptChanges: options.acceptChanges,
        });
      },
      inject: [
        ACB_MIGRATIONS_MODULE_OPTIONS,
        { token: SqlAdapter, optional: true },
        { token: NoSqlAdapter, optional: true },
        { token: EventPublisher, optional: true },
      ],
    },
    MigrationsBootstrap,
  ],
  exports: [MigrationRunner],
})
export class AcbMigrationsModule extends AcbMigrationsConfigurableModule {
  /** @see AcbMigrationsModuleOptions for the options and their defaults. */
  static override forRoot(options: typeof ACB_MIGRATIONS_OPTIONS_TYPE = {}): DynamicModule {
    return { ...super.forRoot(options), global: true };
  }

  /** Options from a factory (`useFactory` + `inject` + `imports`, or `useClass` / `useExisting`). */
  static override forRootAsync(options: typeof ACB_MIGRATIONS_ASYNC_OPTIONS_TYPE): DynamicModule {
    return { ...super.forRootAsync(options), global: true };
  }

  /**
   * Contributes a library's (or a feature module's) migrations to the application's one runner: import it in the
   * library's module. Versions share one namespace: prefix a library's (`workflows-001`).
   *
   * ```ts
   * @Module({ imports: [AcbMigrationsModule.forFeature([CreateWorkflowRunsTable])] })
   * export class AcbWorkflowsModule {}
   * ```
   */
  static forFeature(migrations: readonly MigrationInput[]): DynamicModule {
    return {
      module: AcbMigrationsFeatureModule,
      providers: [{ provide: Symbol('acb:migrations:feature'), useValue: new MigrationsFeature(migrations) }],
    };
  }
}
