import { IsBoolean, IsIn } from 'class-validator';

/** Log levels understood by the logger (pino's names). */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** A log level name. */
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `settings/debug.yml`: debug mode (readable logs) and the log level. */
export class DebugSettings {
  /** Readable, coloured log output instead of JSON lines. @default false */
  @IsBoolean()
  enabled: boolean = false;

  /** Lowest level written. @default 'info' */
  @IsIn(LOG_LEVELS)
  level: LogLevel = 'info';
}
