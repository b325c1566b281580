import type { MigrationInput } from './interfaces/migration-source.interface';

/**
 * @internal The migrations one `AcbMigrationsModule.forFeature()` call contributes; the module finds every instance
 * among the application's providers at start and adds them to the one runner.
 */
export class MigrationsFeature {
  constructor(readonly migrations: readonly MigrationInput[]) {}
}
