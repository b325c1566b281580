/** A `dependsOn` names a version no known migration has, or dependencies form a cycle. */
export class MigrationDependencyError extends Error {
  constructor(
    message: string,
    /** The versions involved: the migration and its missing dependency, or the cycle in order. */
    readonly versions: readonly string[],
  ) {
    super(message);
    this.name = 'MigrationDependencyError';
  }
}
