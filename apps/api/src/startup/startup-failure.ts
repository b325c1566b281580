import { redactCredentials } from '@acb/common';
import { AcbConfig } from '@acb/config';

/** What a process that failed to start prints: one line; the stack follows only with debug on. */
export interface StartupFailureReport {
  line: string;
  stack?: string;
}

/**
 * One clear line for a start-up failure: the error's own message (which names the file and key, the adapter and
 * its server, the queue backend ...), its lines joined, credentials of any URL redacted, plus the stack when
 * `debug` is on. Nest's own dump of the error is not printed: create the application with `abortOnError: false`.
 */
export function describeStartupFailure(label: string, error: unknown, debug: boolean): StartupFailureReport {
  const message = error instanceof Error ? `${error.name === 'Error' ? '' : `${error.name}: `}${error.message}` : String(error);
  const oneLine = message
    .split('\n')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .join(' ')
    .replace(/ - /g, '; ');
  const hint = debug ? '' : ' (set debug.enabled: true in settings/debug.yml, or ACB_DEBUG__ENABLED=true, for the stack)';
  const report: StartupFailureReport = { line: redactCredentials(`${label} failed to start: ${oneLine}${hint}`) };
  if (debug && error instanceof Error && error.stack) report.stack = redactCredentials(error.stack);
  return report;
}

/**
 * Whether debug is on for a process whose start failed: `debug.enabled` of the settings (read again, quietly; a
 * configuration that cannot load counts as off), overridden by `ACB_DEBUG__ENABLED` as usual.
 */
export function debugEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  try {
    return new AcbConfig({ env }, { log: () => undefined, warn: () => undefined, error: () => undefined }).debug.enabled;
  } catch {
    return /^(true|1|yes)$/i.test(env.ACB_DEBUG__ENABLED ?? '');
  }
}

/** Prints the report of a failed start on standard error and exits with 1. */
export function exitOnStartupFailure(label: string, error: unknown): never {
  const report = describeStartupFailure(label, error, debugEnabled());
  process.stderr.write(`${report.line}\n${report.stack ? `${report.stack}\n` : ''}`);
  process.exit(1);
}
