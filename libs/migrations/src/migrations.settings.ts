import { IsBoolean, IsNumber, IsOptional, IsString, Matches, Min, MinLength } from 'class-validator';
import type { AcbMigrationsModuleOptions } from './interfaces/migrations-module-options.interface';

/**
 * The settings section `migrations` (settings/migrations.yml). Keys in camelCase or the seed's snake_case
 * (`auto_discover`, `validate_before_apply`); `lockTimeout` in seconds, as every duration in YAML.
 */
export class MigrationsSettings {
  /** @default 'migrations' */
  @IsOptional() @IsString() @MinLength(1) directory?: string;
  /** @default '*.{ts,js}' */
  @IsOptional() @IsString() @MinLength(1) pattern?: string;
  /** @default '_migrations' */
  @IsOptional() @IsString() @Matches(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/) table?: string;
  /** @default true */
  @IsOptional() @IsBoolean() autoDiscover?: boolean;
  @IsOptional() @IsBoolean() auto_discover?: boolean;
  /** @default true */
  @IsOptional() @IsBoolean() validateBeforeApply?: boolean;
  @IsOptional() @IsBoolean() validate_before_apply?: boolean;
  /** @default false */
  @IsOptional() @IsBoolean() acceptChanges?: boolean;
  @IsOptional() @IsBoolean() accept_changes?: boolean;
  /** @default false */
  @IsOptional() @IsBoolean() runOnStartup?: boolean;
  @IsOptional() @IsBoolean() run_on_startup?: boolean;
  /** Seconds. @default 60 */
  @IsOptional() @IsNumber() @Min(0) lockTimeout?: number;
  @IsOptional() @IsNumber() @Min(0) lock_timeout?: number;
}

/** Module options from the settings section, `overrides` (AcbModuleOptions.migrations) winning key by key. */
export function migrationsOptionsFromSettings(settings: MigrationsSettings, overrides: AcbMigrationsModuleOptions = {}): AcbMigrationsModuleOptions {
  const lockTimeout = settings.lockTimeout ?? settings.lock_timeout;
  const fromSettings: AcbMigrationsModuleOptions = {
    directory: settings.directory,
    pattern: settings.pattern,
    table: settings.table,
    autoDiscover: settings.autoDiscover ?? settings.auto_discover,
    validateBeforeApply: settings.validateBeforeApply ?? settings.validate_before_apply,
    acceptChanges: settings.acceptChanges ?? settings.accept_changes,
    runOnStartup: settings.runOnStartup ?? settings.run_on_startup,
    lockTimeoutMs: lockTimeout === undefined ? undefined : Math.round(lockTimeout * 1000),
  };
  const merged: Record<string, unknown> = {};
  for (const [key, value] of Object.entries({ ...fromSettings, ...definedOnly(overrides) })) if (value !== undefined) merged[key] = value;
  return merged as AcbMigrationsModuleOptions;
}

function definedOnly(options: AcbMigrationsModuleOptions): Partial<AcbMigrationsModuleOptions> {
  return Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));
}
