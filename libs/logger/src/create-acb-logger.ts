import { hostname } from 'node:os';
import pino, { type DestinationStream, type Logger as PinoLogger, type LoggerOptions } from 'pino';
import { AcbLogger } from './acb-logger';
import { AcbContext, type AcbContextBindings } from './context/acb-context';
import type { AcbLoggerOptions, LogFields } from './interfaces/logger-options.interface';
import { DEFAULT_REDACT_PATHS, REDACTED } from './logger.constants';
import { LoggerMessages } from './logger.messages';
import { LogRedactor } from './redaction/log-redactor';

/** One application's logging pipeline: the pino root, the AcbLogger over it, and the secret redactor. */
export interface LogRoot {
  readonly pino: PinoLogger;
  readonly logger: AcbLogger;
  readonly redactor: LogRedactor;
  readonly options: Readonly<AcbLoggerOptions>;
}

/**
 * Builds an AcbLogger outside Nest (scripts, tests, benchmarks). Each call builds an independent pipeline.
 *
 * @example
 * const logger = createAcbLogger({ level: 'debug', destination: process.stderr });
 */
export function createAcbLogger(options: AcbLoggerOptions = {}): AcbLogger {
  return createLogRoot(options).logger;
}

/** Builds the whole pipeline; `AcbLoggerModule` keeps one per application. */
export function createLogRoot(options: AcbLoggerOptions = {}): LogRoot {
  // NOTE: the redactor exists before the pino root (pino needs its hook); it reports source errors once both exist.
  const late: { root?: PinoLogger } = {};
  const redactor = new LogRedactor(options.redactValues, (error) =>
    late.root?.error(LoggerMessages.redactionSourceFailed(error instanceof Error ? error.message : String(error))),
  );
  const pinoOptions: LoggerOptions = {
    level: options.level ?? 'info',
    base: { pid: process.pid, hostname: hostname(), ...options.base },
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: [...DEFAULT_REDACT_PATHS, ...(options.redactPaths ?? [])], censor: REDACTED },
    mixin: options.dynamicFields ? withDynamicFields(options.dynamicFields) : currentContext,
    mixinMergeStrategy: mergeContext,
    hooks: { streamWrite: (line) => redactor.scrub(line) },
  };
  let prettyError: string | undefined;
  let destination: DestinationStream | undefined = options.destination;
  if (options.pretty) {
    const pretty = loadPretty(options.destination);
    if (typeof pretty === 'string') prettyError = pretty;
    else destination = pretty;
  }
  const root = destination ? pino(pinoOptions, destination) : pino(pinoOptions);
  late.root = root;
  if (prettyError) root.warn(LoggerMessages.prettyUnavailable(prettyError));
  return { pino: root, logger: new AcbLogger(root), redactor, options };
}

function currentContext(): object {
  return AcbContext.current();
}

/** The dynamic fields under the context bindings (a task id in context wins over a computed field of that name). */
function withDynamicFields(fields: () => LogFields): () => object {
  return () => {
    const context = AcbContext.current();
    const computed = fields();
    for (const _key in context as AcbContextBindings) return { ...computed, ...context };
    return computed;
  };
}

/** Context bindings under the call's own fields; no copy when there is no context (the common case outside work). */
function mergeContext(fields: object, context: object): object {
  for (const _key in context as AcbContextBindings) return { ...context, ...fields };
  return fields;
}

/** pino-pretty as a synchronous in-process stream, or the reason it is unavailable (it is a dev dependency). */
function loadPretty(destination: DestinationStream | undefined): DestinationStream | string {
  try {
    const build = require('pino-pretty') as (options: Record<string, unknown>) => DestinationStream;
    return build({
      sync: true,
      colorize: destination === undefined && Boolean(process.stdout.isTTY),
      translateTime: 'SYS:HH:MM:ss.l',
      ignore: 'pid,hostname',
      destination: destination ?? 1,
    });
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}
