/** The commands of `acb-migrate` (`npm run migrate -- <command>`). */
export const CLI_COMMANDS = ['status', 'up', 'down', 'to', 'plan', 'validate', 'baseline', 'create'] as const;
export type CliCommand = (typeof CLI_COMMANDS)[number];

/** Parsed command line. */
export interface CliArguments {
  command: CliCommand;
  /** The command's argument: a version (up, to, baseline) or a name (create). */
  target?: string;
  json: boolean;
  acceptChanges: boolean;
  /** `file[#Export]` of the application module to boot (its forRoot receives AcbModuleOptions). */
  app?: string;
  settingsDir: string;
  /** Where `create` writes. */
  dir?: string;
  timestamp: boolean;
  verbose: boolean;
}

export const CLI_USAGE = `Usage: acb-migrate <command> [options]   (in this repository: npm run migrate -- <command> [options])

Commands:
  status               every known migration: version, description, state, applied at, duration, applied by
  up [version]         apply pending migrations (up to and including version)
  down                 roll back the migration applied last
  to <version>         migrate up to version, or roll back every applied migration after it
  plan                 what 'up' would run, in order, without running it
  validate             check applied migrations against their sources (changed, missing)
  baseline <version>   record an existing database as migrated up to version (needs an empty history)
  create <name>        write a numbered migration template into the migrations directory

Options:
  --app <file[#Export]>  the application module to boot (its migrations, its settings); default: the settings only
  --settings <dir>       settings directory (default: settings)
  --dir <dir>            where 'create' writes (default: the settings' migrations directory)
  --timestamp            'create' numbers with a UTC timestamp (20240131120000) instead of the next number
  --accept-changes       record new checksums of changed migrations and drop missing ones (validate, up, to)
  --json                 print the result as JSON (progress lines go to stderr)
  --verbose              keep the application's log lines
`;

/** Thrown for a command line that cannot run; the CLI prints it with the usage and exits 2. */
export class CliUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliUsageError';
  }
}

const NEEDS_TARGET: ReadonlySet<CliCommand> = new Set(['to', 'baseline', 'create']);
const TAKES_TARGET: ReadonlySet<CliCommand> = new Set(['up', 'to', 'baseline', 'create']);

export function parseCliArguments(argv: readonly string[]): CliArguments {
  const positional: string[] = [];
  const parsed: Omit<CliArguments, 'command'> = { json: false, acceptChanges: false, settingsDir: 'settings', timestamp: false, verbose: false };
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index];
    const value = (): string => {
      const next = argv[++index];
      if (next === undefined || next.startsWith('--')) throw new CliUsageError(`${arg} needs a value`);
      return next;
    };
    if (arg === '--json') parsed.json = true;
    else if (arg === '--accept-changes') parsed.acceptChanges = true;
    else if (arg === '--timestamp') parsed.timestamp = true;
    else if (arg === '--verbose') parsed.verbose = true;
    else if (arg === '--app') parsed.app = value();
    else if (arg === '--settings') parsed.settingsDir = value();
    else if (arg === '--dir') parsed.dir = value();
    else if (arg.startsWith('--')) throw new CliUsageError(`unknown option ${arg}`);
    else positional.push(arg);
  }
  const [command, target, ...rest] = positional;
  if (command === undefined) throw new CliUsageError('no command given');
  if (!(CLI_COMMANDS as readonly string[]).includes(command)) throw new CliUsageError(`unknown command ${command}`);
  const known = command as CliCommand;
  if (NEEDS_TARGET.has(known) && target === undefined) throw new CliUsageError(`${known} needs ${known === 'create' ? 'a name' : 'a version'}`);
  if (!TAKES_TARGET.has(known) && target !== undefined) throw new CliUsageError(`${known} takes no argument (got ${target})`);
  if (rest.length > 0) throw new CliUsageError(`unexpected arguments: ${rest.join(' ')}`);
  return { ...parsed, command: known, ...(target === undefined ? {} : { target }) };
}
