import { MigrationValidationError } from '../errors/migration-validation.error';
import { MigrationsMessages } from '../migrations.messages';
import type { MigrationDefinition } from './migration-definition';

/** Collects every duplicate version (naming both sources) so one error lists them all. */
export class DuplicateVersionGuard {
  private readonly seen = new Map<string, MigrationDefinition>();
  private readonly problems: string[] = [];

  /** Whether `definition` is the first with its version. The same class given twice counts once. */
  add(definition: MigrationDefinition): boolean {
    const first = this.seen.get(definition.version);
    if (!first) {
      this.seen.set(definition.version, definition);
      return true;
    }
    if (first.type !== definition.type) {
      this.problems.push(MigrationsMessages.duplicateVersion(definition.version, first.source, definition.source));
    }
    return false;
  }

  throwIfDuplicates(): void {
    if (this.problems.length > 0) throw new MigrationValidationError(MigrationsMessages.validationFailed(this.problems), this.problems);
  }
}
