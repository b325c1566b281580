export { Migration, type MigrationLogger } from './migration';
export { MigrationRunner, MIGRATION_RUNNER_DEFAULTS, type MigrateOptions, type MigrationProgress, type ProgressListener } from './runner/migration-runner';
export { compareVersions } from './runner/compare-versions';
export { discoverMigrations, type DiscoverMigrationsOptions } from './discovery/discover-migrations';
export { AcbMigrationsModule, AcbMigrationsFeatureModule } from './migrations.module';
export { ACB_MIGRATIONS_MODULE_OPTIONS } from './migrations.module-definition';
export { MigrationsSettings, migrationsOptionsFromSettings } from './migrations.settings';
export { MIGRATION_STARTED, MIGRATION_COMPLETED, MIGRATION_FAILED } from './migrations.constants';
export type { AcbMigrationsModuleOptions } from './interfaces/migrations-module-options.interface';
export type { MigrationRunnerOptions, MigrationEventSink } from './interfaces/migration-runner-options.interface';
export type { MigrationClass, MigrationInput, MigrationSource } from './interfaces/migration-source.interface';
export type {
  MigrationState,
  MigrationStatus,
  PlannedMigration,
  MigrationStep,
  MigrationEventPayload,
} from './interfaces/migration-status.interface';
export { IrreversibleMigrationError } from './errors/irreversible-migration.error';
export { MigrationFailedError } from './errors/migration-failed.error';
export { MigrationValidationError } from './errors/migration-validation.error';
export { MigrationDependencyError } from './errors/migration-dependency.error';
export { InvalidMigrationError } from './errors/invalid-migration.error';
export { UnknownMigrationVersionError } from './errors/unknown-migration-version.error';
export { MigrationLockTimeoutError } from './errors/migration-lock-timeout.error';
export { MigrationsOptionsError } from './errors/migrations-options.error';
export { MigrationLoadError } from './errors/migration-load.error';
