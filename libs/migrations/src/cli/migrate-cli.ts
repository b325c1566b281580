import * as path from 'node:path';
import { AcbConfig } from '@acb/config';
import type { INestApplicationContext } from '@nestjs/common';
import type { MigrationStep } from '../interfaces/migration-status.interface';
import { MigrationsSettings } from '../migrations.settings';
import { DEFAULT_MIGRATIONS_DIRECTORY } from '../migrations.bootstrap';
import { MigrationRunner, type MigrationProgress } from '../runner/migration-runner';
import { CLI_USAGE, CliUsageError, parseCliArguments, type CliArguments } from './cli-arguments';
import { bootCliContext } from './cli-context';
import { createMigration } from './create-migration';
import { formatPlan, formatStatus, formatSteps } from './format-table';

/** Where the CLI writes (process.stdout/stderr, or buffers in tests). */
export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

/**
 * `acb-migrate <command>`: boots the application (or its settings), runs one runner command, prints a table (or
 * JSON with --json) and a progress line per migration, and resolves with the exit code: 0 done, 1 failed, 2 usage.
 */
export async function runMigrateCli(argv: readonly string[], output: CliOutput): Promise<number> {
  let args: CliArguments;
  try {
    args = parseCliArguments(argv);
  } catch (error) {
    output.err(`${(error as Error).message}\n\n${CLI_USAGE}`);
    return 2;
  }
  if (args.command === 'create') return create(args, output);
  let context: INestApplicationContext | undefined;
  try {
    context = await bootCliContext(args.app, args.settingsDir, args.verbose);
    const runner = context.get(MigrationRunner, { strict: false });
    const stopObserving = runner.observe((step) => (args.json ? output.err : output.out)(progressLine(step)));
    try {
      await run(args, runner, output);
    } finally {
      stopObserving();
    }
    return 0;
  } catch (error) {
    if (error instanceof CliUsageError) {
      output.err(`${error.message}\n\n${CLI_USAGE}`);
      return 2;
    }
    const failure = error as Error;
    if (args.json) output.out(`${JSON.stringify({ error: { name: failure.name, message: failure.message, ...details(failure) } }, null, 2)}\n`);
    output.err(`${failure.name ?? 'Error'}: ${failure.message ?? String(error)}\n`);
    return 1;
  } finally {
    await context?.close();
  }
}

async function run(args: CliArguments, runner: MigrationRunner, output: CliOutput): Promise<void> {
  const print = (value: unknown, text: string) => output.out(args.json ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
  const acceptChanges = args.acceptChanges || undefined;
  switch (args.command) {
    case 'status': {
      const statuses = await runner.status();
      print(statuses, formatStatus(statuses));
      return;
    }
    case 'plan': {
      const plan = await runner.plan({ to: args.target });
      print(plan, formatPlan(plan));
      return;
    }
    case 'validate': {
      const statuses = await runner.validate({ acceptChanges });
      print({ valid: true, migrations: statuses }, `Valid: ${statuses.length} known, ${statuses.filter((s) => s.state === 'applied').length} applied, every checksum matches.`);
      return;
    }
    case 'up': {
      const steps = await runner.migrate({ to: args.target, acceptChanges });
      print(steps, formatSteps(steps, 'up'));
      return;
    }
    case 'down': {
      const steps = await runner.rollback();
      print(steps, formatSteps(steps, 'down'));
      return;
    }
    case 'to': {
      const version = args.target as string;
      const applied = (await runner.status()).some((status) => status.version === version && status.state !== 'pending');
      const steps: MigrationStep[] = applied ? await runner.rollbackTo(version) : await runner.migrate({ to: version, acceptChanges });
      print(steps, formatSteps(steps, applied ? 'down' : 'up'));
      return;
    }
    case 'baseline': {
      const statuses = await runner.baseline(args.target as string);
      const recorded = statuses.filter((status) => status.recordedAs === 'baseline').length;
      print(statuses, `Baseline: ${recorded} migration${recorded === 1 ? '' : 's'} up to ${args.target} recorded as applied.`);
      return;
    }
    case 'create':
      return;
  }
}

async function create(args: CliArguments, output: CliOutput): Promise<number> {
  try {
    const directory = args.dir ?? configuredDirectory(args.settingsDir);
    const created = createMigration(directory, args.target as string, { timestamp: args.timestamp });
    const text = `Created ${path.relative(process.cwd(), created.file)} (version ${created.version}, class ${created.className}).\nRegister it with the runner: list it in your module's migrations, or keep autoDiscover on for this directory.`;
    output.out(args.json ? `${JSON.stringify(created, null, 2)}\n` : `${text}\n`);
    return 0;
  } catch (error) {
    output.err(`${(error as Error).message}\n`);
    return 1;
  }
}

function configuredDirectory(settingsDir: string): string {
  const settings = new AcbConfig({ settingsDir, env: process.env }).section('migrations', MigrationsSettings);
  return settings.directory ?? DEFAULT_MIGRATIONS_DIRECTORY;
}

function progressLine(step: MigrationProgress): string {
  const arrow = step.direction === 'up' ? '↑' : '↓';
  if (step.state === 'started') return `${arrow} ${step.version} ${step.description} ...\n`;
  if (step.state === 'completed') return `${arrow} ${step.version} done in ${step.durationMs} ms\n`;
  return `${arrow} ${step.version} FAILED after ${step.durationMs} ms\n`;
}

function details(error: Error): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const key of ['version', 'direction', 'statement', 'problems', 'holder']) {
    const value = (error as unknown as Record<string, unknown>)[key];
    if (value !== undefined) picked[key] = value;
  }
  return picked;
}
