/** Every error and log message of @acb/migrations, as small functions. */
export const MigrationsMessages = {
  irreversible: (version: string, description: string) =>
    `Migration ${version} (${description}) is irreversible: it has no down() or its down() throws IrreversibleMigrationError. ` +
    `Nothing was rolled back. Restore from a backup or write a new forward migration instead.`,
  outsideRun: (property: string, version: string) =>
    `this.${property} of migration ${version} is only available while the runner applies or rolls back the migration.`,
  noNoSql: (version: string) =>
    `Migration ${version} uses this.nosql but the runner has no nosql adapter. Import AcbAdaptersModule with a nosql adapter (or pass nosql to new MigrationRunner()).`,
  failed: (version: string, direction: string, statement: string | undefined, cause: string) =>
    `Migration ${version} failed (${direction})${statement === undefined ? '' : ` at statement: ${oneLine(statement)}`}: ${cause}`,
  duplicateVersion: (version: string, first: string, second: string) =>
    `Two migrations have version ${version}: ${first} and ${second}. Give one of them another version.`,
  invalidVersion: (source: string, version: unknown) =>
    `Migration ${source} has no valid version (${JSON.stringify(version)}): set version = '001' (text of letters, digits, '.', '_' or '-').`,
  notAMigration: (source: string) =>
    `${source} is not a migration: extend Migration (up/down) or implement TypeORM's MigrationInterface (up(queryRunner)/down(queryRunner)).`,
  missingDependency: (version: string, dependency: string) =>
    `Migration ${version} depends on ${dependency}, which no known migration has as its version.`,
  dependencyCycle: (cycle: string[]) => `Migrations depend on each other in a cycle: ${cycle.join(' -> ')}.`,
  changed: (version: string, source: string, recorded: string, current: string) =>
    `Migration ${version} (${source}) changed after it was applied: checksum ${recorded.slice(0, 12)} recorded, ${current.slice(0, 12)} now. ` +
    `Revert the change and add a new migration, or accept it with acceptChanges (CLI: --accept-changes), which records the new checksum.`,
  missing: (version: string, description: string) =>
    `Migration ${version} (${description}) is recorded as applied but no known migration has that version. ` +
    `Restore its file, or accept it with acceptChanges (CLI: --accept-changes), which removes it from the history.`,
  validationFailed: (problems: string[]) =>
    `Migrations are not valid (${problems.length} problem${problems.length === 1 ? '' : 's'}):\n${problems.map((problem) => `  - ${problem}`).join('\n')}`,
  unknownVersion: (version: string) => `No known migration has version ${version}.`,
  notApplied: (version: string) => `Migration ${version} is not applied; rollbackTo() needs an applied version.`,
  missingForRollback: (version: string) =>
    `Migration ${version} is applied but its class is not known, so it cannot be rolled back. Restore its file first.`,
  dependentStaysApplied: (version: string, dependent: string) =>
    `Migration ${version} cannot be rolled back while ${dependent}, which depends on it, stays applied.`,
  baselineNotEmpty: (table: string, count: number) =>
    `baseline() needs an empty history, but ${table} already records ${count} migration${count === 1 ? '' : 's'}.`,
  lockTimeout: (table: string, waitedMs: number, holder: string) =>
    `Timed out after ${waitedMs} ms waiting for the migration lock of ${table} (held by ${holder}). ` +
    `Another process is migrating this database; raise lockTimeoutMs (settings/migrations.yml lock_timeout, seconds) or find the holder.`,
  invalidTable: (table: string) =>
    `Invalid migrations table name ${JSON.stringify(table)}: use letters, digits and '_' (optionally schema.table).`,
  poolTooSmall: (poolSize: number) =>
    `Migrating PostgreSQL needs a pool of at least 2 connections (one holds the migration lock, one runs the migrations); settings/sql.yml poolSize is ${poolSize}.`,
  noDirectory: (directory: string) => `Migrations directory ${directory} does not exist.`,
  noDirectorySkipped: (directory: string) => `No migrations directory ${directory}: only registered migrations are known`,
  loadFailed: (file: string, cause: string) => `Could not load migration file ${file}: ${cause}`,
  noSqlAdapter: () =>
    'AcbMigrationsModule needs the sql adapter: import AcbAdaptersModule (or AcbModule) so SqlAdapter can be injected.',
  // log lines
  applying: (version: string, description: string) => `Applying migration ${version}: ${description}`,
  applied: (version: string, durationMs: number) => `Applied migration ${version} in ${durationMs} ms`,
  rollingBack: (version: string, description: string) => `Rolling back migration ${version}: ${description}`,
  rolledBack: (version: string, durationMs: number) => `Rolled back migration ${version} in ${durationMs} ms`,
  upToDate: (count: number) => `Database is up to date (${count} migration${count === 1 ? '' : 's'} applied)`,
  accepted: (version: string, what: 'changed' | 'missing') =>
    what === 'changed' ? `Accepted the changed migration ${version}: new checksum recorded` : `Accepted the missing migration ${version}: removed from the history`,
  waitingForLock: (table: string, holder: string) => `Waiting for the migration lock of ${table} (held by ${holder})`,
  staleLockTaken: (table: string, holder: string) => `Took over the migration lock of ${table} from ${holder}, which is no longer running`,
  releaseFailed: (table: string, cause: string) => `Could not release the migration lock of ${table} (the database frees it with the connection): ${cause}`,
  eventFailed: (event: string, cause: string) => `Could not emit ${event}: ${cause}`,
};

function oneLine(statement: string): string {
  const text = statement.replace(/\s+/g, ' ').trim();
  return text.length > 300 ? `${text.slice(0, 297)}...` : text;
}
