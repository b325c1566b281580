import { MigrationDependencyError } from '../errors/migration-dependency.error';
import { MigrationsMessages } from '../migrations.messages';
import { compareVersions } from './compare-versions';
import type { MigrationDefinition } from './migration-definition';

/**
 * Migrations in the order they apply: natural version order, except that a migration's `dependsOn` are pulled in
 * before it. A dependency no migration has, or a cycle, throws MigrationDependencyError naming the versions.
 */
export function orderMigrations(definitions: readonly MigrationDefinition[]): MigrationDefinition[] {
  const sorted = [...definitions].sort((a, b) => compareVersions(a.version, b.version));
  const byVersion = new Map(sorted.map((definition) => [definition.version, definition]));
  for (const definition of sorted) {
    for (const dependency of definition.dependsOn) {
      if (!byVersion.has(dependency)) {
        throw new MigrationDependencyError(MigrationsMessages.missingDependency(definition.version, dependency), [definition.version, dependency]);
      }
    }
  }
  const ordered: MigrationDefinition[] = [];
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (definition: MigrationDefinition): void => {
    if (done.has(definition.version)) return;
    const start = path.indexOf(definition.version);
    if (start !== -1) {
      const cycle = [...path.slice(start), definition.version];
      throw new MigrationDependencyError(MigrationsMessages.dependencyCycle(cycle), cycle);
    }
    path.push(definition.version);
    const dependencies = [...definition.dependsOn].sort(compareVersions);
    for (const dependency of dependencies) visit(byVersion.get(dependency) as MigrationDefinition);
    path.pop();
    done.add(definition.version);
    ordered.push(definition);
  };
  for (const definition of sorted) visit(definition);
  return ordered;
}
