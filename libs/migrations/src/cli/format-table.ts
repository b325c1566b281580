import type { MigrationStatus, MigrationStep, PlannedMigration } from '../interfaces/migration-status.interface';

/** Columns padded to their widest cell, a rule under the header. */
export function formatTable(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

export function formatStatus(statuses: readonly MigrationStatus[]): string {
  if (statuses.length === 0) return 'No migrations known.';
  const rows = statuses.map((status) => [
    status.version,
    status.state + (status.recordedAs === 'baseline' ? ' (baseline)' : ''),
    status.appliedAt ? status.appliedAt.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '',
    status.durationMs === undefined ? '' : `${status.durationMs} ms`,
    status.appliedBy ?? '',
    status.description,
  ]);
  const counts = ['applied', 'pending', 'changed', 'missing']
    .map((state) => [state, statuses.filter((status) => status.state === state).length] as const)
    .filter(([, count]) => count > 0)
    .map(([state, count]) => `${count} ${state}`)
    .join(', ');
  return `${formatTable(['Version', 'State', 'Applied at', 'Duration', 'Applied by', 'Description'], rows)}\n\n${counts}`;
}

export function formatPlan(plan: readonly PlannedMigration[]): string {
  if (plan.length === 0) return 'Nothing to apply: the database is up to date.';
  const rows = plan.map((migration, index) => [String(index + 1), migration.version, migration.transactional ? 'yes' : 'no', migration.description]);
  return `${formatTable(['#', 'Version', 'Transaction', 'Description'], rows)}\n\n${plan.length} migration${plan.length === 1 ? '' : 's'} would be applied.`;
}

export function formatSteps(steps: readonly MigrationStep[], direction: 'up' | 'down'): string {
  if (steps.length === 0) return direction === 'up' ? 'Nothing to apply: the database is up to date.' : 'Nothing to roll back.';
  const total = steps.reduce((sum, step) => sum + step.durationMs, 0);
  const verb = direction === 'up' ? 'Applied' : 'Rolled back';
  return `${verb} ${steps.length} migration${steps.length === 1 ? '' : 's'} in ${total} ms.`;
}
