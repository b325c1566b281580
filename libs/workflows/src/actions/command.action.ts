import { spawn } from 'node:child_process';
import { CommandFailedError } from '../errors/command-failed.error';
import type { WorkflowActionFn } from '../interfaces/workflow-action.interface';
import type { CommandActionOptions } from '../interfaces/workflows-module-options.interface';
import { WorkflowsMessages } from '../workflows.messages';

/** Params of the built-in `command` action. */
export interface CommandParams {
  /** The program and its arguments; run without a shell (no globbing, no pipes, no `$VAR`). */
  argv: string[];
  /** Working directory. @default the process's */
  cwd?: string;
  /** Variables for the program, added to the allowed ones taken from this process's environment. */
  env?: Record<string, string>;
  /** @default the action's defaultTimeoutMs (600000) */
  timeoutMs?: number;
}

/** The output of a `command` step. */
export interface CommandOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
  durationMs: number;
}

const DEFAULT_ENV_ALLOW = ['PATH', 'HOME'];
const DEFAULT_COMMAND_TIMEOUT_MS = 600_000;
/** Captured output kept per stream (the tail). */
const MAX_CAPTURE = 1_000_000;

/**
 * The built-in `command` action (only registered when enabled in settings): runs `argv[0]` with `argv[1..]` without a
 * shell, in `cwd`, with an environment made of the allowed variables of this process plus the step's `env`; stops it
 * (SIGTERM, then SIGKILL) on timeout or when the step is aborted; a non-zero exit fails the step with the tail of stderr (or of stdout when stderr is empty).
 */
export function createCommandAction(options: CommandActionOptions = {}, baseEnv: NodeJS.ProcessEnv = process.env): WorkflowActionFn<CommandParams, CommandOutput> {
  const allowed = options.envAllow ?? DEFAULT_ENV_ALLOW;
  const inherited: Record<string, string> = {};
  for (const name of allowed) if (baseEnv[name] !== undefined) inherited[name] = baseEnv[name] as string;
  return (params, context) => {
    if (!params || !Array.isArray(params.argv) || params.argv.length === 0 || !params.argv.every((arg) => typeof arg === 'string')) {
      return Promise.reject(new CommandFailedError(WorkflowsMessages.commandInvalid('params.argv must be a non-empty array of strings'), null, '', ''));
    }
    const [program, ...args] = params.argv;
    const timeoutMs = params.timeoutMs ?? options.defaultTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS;
    const started = Date.now();
    return new Promise<CommandOutput>((resolve, reject) => {
      const child = spawn(program, args, { cwd: params.cwd, env: { ...inherited, ...params.env }, shell: false, stdio: ['ignore', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      let stopReason: Error | undefined;
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout = (stdout + chunk).slice(-MAX_CAPTURE)));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-MAX_CAPTURE)));
      const stop = (reason: Error) => {
        stopReason ??= reason;
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 2000).unref();
      };
      const timer = setTimeout(() => stop(new CommandFailedError(WorkflowsMessages.commandTimeout(program, timeoutMs), null, stdout, stderr)), timeoutMs);
      const onAbort = () => stop(context.signal.reason instanceof Error ? context.signal.reason : new Error(String(context.signal.reason)));
      context.signal.addEventListener('abort', onAbort, { once: true });
      child.on('error', (error) => {
        clearTimeout(timer);
        context.signal.removeEventListener('abort', onAbort);
        reject(new CommandFailedError(WorkflowsMessages.commandInvalid(`cannot start "${program}": ${error.message}`), null, stdout, stderr));
      });
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        context.signal.removeEventListener('abort', onAbort);
        if (stopReason) return reject(stopReason);
        if (code === 0) return resolve({ exitCode: 0, stdout, stderr, durationMs: Date.now() - started });
        // NOTE: some tools (tsc) report on stdout: the tail of stderr, else of stdout.
        const tail = (stderr.trim() || stdout.trim()).split('\n').slice(-5).join('\n');
        reject(new CommandFailedError(WorkflowsMessages.commandExit(program, code, signal, tail), code, stdout, stderr));
      });
    });
  };
}
