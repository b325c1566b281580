import { AcbConfig } from '@acb/config';
import { AcbMigrationsModule, MigrationsSettings, migrationsOptionsFromSettings } from '@acb/migrations';
import { ACB_MODULE_OPTIONS } from '../core.module-definition';
import type { AcbFeature } from '../interfaces/acb-feature.interface';
import type { AcbModuleOptions } from '../interfaces/acb-module-options.interface';

/**
 * Migrations: `settings/migrations.yml` (validated with `MigrationsSettings`; the seed's snake_case keys work), one
 * `MigrationRunner` on the sql adapter with every library's `forFeature` migrations; `options.migrations` wins.
 * Composed after events (so `runOnStartup` emits `migration.*` to registered handlers) and before services and
 * workflows (so their tables exist when they start).
 */
export const migrationsFeature: AcbFeature = {
  name: 'migrations',
  module: () =>
    AcbMigrationsModule.forRootAsync({
      inject: [AcbConfig, ACB_MODULE_OPTIONS],
      useFactory: (config: AcbConfig, options: AcbModuleOptions) =>
        migrationsOptionsFromSettings(config.section('migrations', MigrationsSettings), options.migrations),
    }),
};
