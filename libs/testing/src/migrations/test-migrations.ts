import type { DynamicModule } from '@nestjs/common';
import { AcbMigrationsModule, type AcbMigrationsModuleOptions, type MigrationInput } from '@acb/migrations';

/**
 * The application's migrations applied while the test module initialises — on the testing environment's SQLite
 * `:memory:` database unless the test chose another sql adapter. One line next to `AcbTestingModule.forRoot()`:
 *
 * ```ts
 * imports: [AcbTestingModule.forRoot(), testMigrations([CreateUsersTable]), UsersModule]
 * ```
 * Migrations that feature modules contribute with `AcbMigrationsModule.forFeature()` run too; pass
 * `{ directory: 'src/migrations' }` to load a directory, or no argument when every migration comes from features.
 * Nothing is discovered from a directory unless one is given.
 */
export function testMigrations(migrations: readonly MigrationInput[] | AcbMigrationsModuleOptions = []): DynamicModule {
  const options: AcbMigrationsModuleOptions = isOptions(migrations) ? migrations : { migrations };
  return AcbMigrationsModule.forRoot({ autoDiscover: options.directory !== undefined, runOnStartup: true, ...options });
}

function isOptions(value: readonly MigrationInput[] | AcbMigrationsModuleOptions): value is AcbMigrationsModuleOptions {
  return !Array.isArray(value);
}
