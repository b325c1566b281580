import type { DestinationStream } from 'pino';

/** Pino's levels, from the most to the least verbose. */
export type AcbLogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'silent';

/** Extra structured fields of one log line. */
export type LogFields = Record<string, unknown>;

/** Options of `AcbLoggerModule.forRoot()` and `createAcbLogger()`. */
export interface AcbLoggerOptions {
  /**
   * Lowest level written.
   * @default 'info'
   */
  level?: AcbLogLevel;
  /**
   * Human-readable output through pino-pretty (for debug mode). JSON lines otherwise.
   * @default false
   */
  pretty?: boolean;
  /**
   * Object paths censored with `[redacted]` (pino `redact` syntax, e.g. `'user.password'`, `'*.token'`).
   * Credentials headers of HTTP request logs are always redacted on top of these.
   * @default []
   */
  redactPaths?: string[];
  /**
   * Known secret values. Any string field, message or binding equal to or containing one of them is written as
   * `[redacted]`. Called at start and again on `LogRedactor.refresh()` (AcbModule refreshes on a config change).
   */
  redactValues?: () => readonly string[];
  /** Fields added to every line, fixed at start. `pid` and `hostname` are always present. */
  base?: Record<string, unknown>;
  /**
   * Fields computed for every line, so they follow a change at run time (AcbModule gives `app` from `app.name`,
   * which a settings hot reload may change). They win over `base`; the call's own fields win over them.
   */
  dynamicFields?: () => LogFields;
  /**
   * Where lines go. Default: standard output. Tests pass a stream to capture lines.
   */
  destination?: DestinationStream;
  /** HTTP request logging (pino-http through nestjs-pino). */
  http?: AcbHttpLoggingOptions;
}

export interface AcbHttpLoggingOptions {
  /**
   * One log line per completed request (method, url, status, responseTime, request id).
   * @default true
   */
  autoLogging?: boolean;
}
