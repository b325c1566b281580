import { Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Min, ValidateNested } from 'class-validator';

/** The `command:` block of settings/workflows.yml: the built-in `command` action. */
export class WorkflowCommandSettings {
  /** The action exists only when true. @default false */
  @IsOptional() @IsBoolean() enabled?: boolean;
  /** Environment variables passed through to programs (besides a step's own `env`). @default ['PATH', 'HOME'] */
  @IsOptional() @IsString({ each: true }) envAllow?: string[];
  /** Per-program timeout in seconds when a step sets none. @default 600 */
  @IsOptional() @IsNumber() @Min(0) timeout?: number;
}

/**
 * `settings/workflows.yml` (keys in snake_case or camelCase; durations in seconds):
 * `max_concurrent_steps` (5), `default_timeout` (300 s, per step attempt), `max_retries` (0; `retry_attempts`, the
 * seed's key, is read as its alias), `engine` ('basic'), `persistence` ('memory' | 'sql'), `recovery` (true with sql),
 * `lease` (30 s), `definitions_dir` ('<settings>/workflows'), `command: { enabled, env_allow, timeout }`,
 * `engines: { basic: { enabled: true } }` (the seed's block; informative).
 */
export class WorkflowsSettings {
  @IsOptional() @IsInt() @Min(1) maxConcurrentSteps?: number;
  @IsOptional() @IsNumber() @Min(0) defaultTimeout?: number;
  @IsOptional() @IsInt() @Min(0) maxRetries?: number;
  /** The seed's name of `max_retries`. */
  @IsOptional() @IsInt() @Min(0) retryAttempts?: number;
  @IsOptional() @IsString() engine?: string;
  @IsOptional() @IsIn(['memory', 'sql']) persistence?: 'memory' | 'sql';
  @IsOptional() @IsBoolean() recovery?: boolean;
  @IsOptional() @IsNumber() @Min(0.01) lease?: number;
  @IsOptional() @IsString() definitionsDir?: string;
  @IsOptional() @ValidateNested() @Type(() => WorkflowCommandSettings) command?: WorkflowCommandSettings;
  @IsOptional() @IsObject() engines?: Record<string, unknown>;
}
