import type { Logger as PinoLogger } from 'pino';
import type { AcbLogLevel, LogFields } from './interfaces/logger-options.interface';

/** A running timer from `AcbLogger.time()`. */
export interface LogTimer {
  /** Logs the label with `durationMs` (and `extra`) and returns the duration. Later calls do nothing and return it again. */
  end(extra?: LogFields): number;
}

/**
 * The application logger: structured JSON lines through pino.
 *
 * Every line carries the bindings of the current `AcbContext` (requestId, taskId, eventId, workflowRunId, ...),
 * the child bindings, and the fields of the call. Inject it (`constructor(private readonly logger: AcbLogger)`) or
 * build one outside Nest with `createAcbLogger()`.
 *
 * @example
 * logger.info('Processing request', { userId: 123, action: 'create' });
 * const timer = logger.time('import');
 * await importAll();
 * timer.end({ rows: 42 }); // {"msg":"import","durationMs":12.5,"rows":42,...}
 */
export class AcbLogger {
  constructor(private readonly pino: PinoLogger) {}

  /** The level in force for this logger. */
  get level(): AcbLogLevel {
    return this.pino.level as AcbLogLevel;
  }

  /** Changes the level of this logger (children made earlier keep theirs, as in pino). */
  set level(level: AcbLogLevel) {
    this.pino.level = level;
  }

  isLevelEnabled(level: AcbLogLevel): boolean {
    return this.pino.isLevelEnabled(level);
  }

  trace(message: string, fields?: LogFields): void {
    this.write('trace', message, fields);
  }

  debug(message: string, fields?: LogFields): void {
    this.write('debug', message, fields);
  }

  info(message: string, fields?: LogFields): void {
    this.write('info', message, fields);
  }

  warn(message: string, fields?: LogFields | Error): void {
    this.write('warn', message, fields);
  }

  /** `fields` may be the error itself; it is logged under `err` with its stack. */
  error(message: string, fields?: LogFields | Error): void {
    this.write('error', message, fields);
  }

  fatal(message: string, fields?: LogFields | Error): void {
    this.write('fatal', message, fields);
  }

  /** A logger whose lines all carry `bindings` (e.g. `{ context: 'OrdersService' }`). */
  child(bindings: LogFields): AcbLogger {
    return new AcbLogger(this.pino.child(bindings));
  }

  /** Starts a timer; `end()` logs `label` at info level with `durationMs` (milliseconds, 3 decimals). */
  time(label: string, fields?: LogFields): LogTimer {
    // NOTE: the global `performance`, so fake timers drive it in tests.
    const start = performance.now();
    let durationMs: number | undefined;
    return {
      end: (extra?: LogFields): number => {
        if (durationMs !== undefined) return durationMs;
        durationMs = Math.round((performance.now() - start) * 1000) / 1000;
        this.pino.info({ ...fields, ...extra, durationMs }, label);
        return durationMs;
      },
    };
  }

  /** Writes buffered lines now (only matters for an asynchronous destination). */
  flush(): void {
    this.pino.flush();
  }

  private write(level: Exclude<AcbLogLevel, 'silent'>, message: string, fields: LogFields | Error | undefined): void {
    if (fields === undefined) {
      this.pino[level](message);
    } else if (fields instanceof Error) {
      this.pino[level]({ err: fields }, message);
    } else {
      this.pino[level](fields, message);
    }
  }
}
