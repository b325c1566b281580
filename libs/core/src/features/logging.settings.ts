import { IsArray, IsBoolean, IsOptional, IsString } from 'class-validator';

/** The optional `logging` section (`settings/logging.yml`). */
export class LoggingSettings {
  /**
   * Object paths censored in every log line (pino redact syntax, e.g. `user.password`, `*.token`).
   * @default []
   */
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  redactPaths: string[] = [];

  /**
   * One log line per completed HTTP request.
   * @default true
   */
  @IsOptional()
  @IsBoolean()
  httpAutoLogging = true;
}
