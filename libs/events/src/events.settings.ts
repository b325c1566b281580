import { Type } from 'class-transformer';
import { isSecretLike, type SecretLike } from '@acb/common';
import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min, MinLength, ValidateBy, ValidateNested } from 'class-validator';

/** class-validator rule: non-empty text, or a secret (`\${secret:NAME}`) holding non-empty text. */
function IsTextOrSecret(): PropertyDecorator {
  return ValidateBy({
    name: 'isTextOrSecret',
    validator: {
      validate: (value: unknown) => (typeof value === 'string' && value.length > 0) || (isSecretLike(value) && value.reveal().length > 0),
      defaultMessage: (args) => `${args?.property ?? 'value'} must be a non-empty string or a \${secret:NAME}`,
    },
  });
}

/** `events.backoff` in settings/events.yml. */
export class EventsBackoffSettings {
  /** @default 100 */
  @IsOptional() @IsInt() @Min(0) initialMs?: number;
  /** @default 30000 */
  @IsOptional() @IsInt() @Min(0) maxMs?: number;
  /** @default 2 */
  @IsOptional() @IsNumber() @Min(1) multiplier?: number;
  /** @default 0.2 */
  @IsOptional() @IsNumber() @Min(0) @Max(1) jitter?: number;
}

/** `events.redis` in settings/events.yml (needed when transport is redis). */
export class EventsRedisSettings {
  /** redis:// URL, or `\${secret:NAME}` when it holds a password. */
  @IsTextOrSecret() url!: string | SecretLike;
  /** @default 'acb:events' */
  @IsOptional() @IsString() @MinLength(1) streamPrefix?: string;
  /** @default the app name */
  @IsOptional() @IsString() @MinLength(1) consumerGroup?: string;
  @IsOptional() @IsString() @MinLength(1) consumerName?: string;
  /** @default 30000 */
  @IsOptional() @IsInt() @Min(1) claimIdleMs?: number;
  /** @default claimIdleMs / 2 */
  @IsOptional() @IsInt() @Min(1) claimIntervalMs?: number;
  /** @default 5 */
  @IsOptional() @IsInt() @Min(1) maxDeliveries?: number;
  /** @default 1000 */
  @IsOptional() @IsInt() @Min(1) blockMs?: number;
  /** @default 50 */
  @IsOptional() @IsInt() @Min(1) batchSize?: number;
  /** @default 100000 */
  @IsOptional() @IsInt() @Min(1) maxLen?: number;
}

/**
 * The settings section `events` (settings/events.yml). Its shape is `AcbEventsModuleOptions` minus
 * `queueBridge`, so `AcbEventsModule.forRootAsync({ useFactory: (c) => c.section('events', EventsSettings) })` works.
 */
export class EventsSettings {
  /** @default 'local' */
  @IsOptional() @IsIn(['local', 'redis']) transport?: 'local' | 'redis';
  @IsOptional() @ValidateNested() @Type(() => EventsRedisSettings) redis?: EventsRedisSettings;
  /** @default 3 */
  @IsOptional() @IsInt() @Min(0) maxRetries?: number;
  @IsOptional() @ValidateNested() @Type(() => EventsBackoffSettings) backoff?: EventsBackoffSettings;
  /** @default 30000 (0 disables) */
  @IsOptional() @IsInt() @Min(0) handlerTimeoutMs?: number;
  /** @default 64 */
  @IsOptional() @IsInt() @Min(1) concurrency?: number;
  /** @default 'acb' */
  @IsOptional() @IsString() @MinLength(1) appName?: string;
  /** @default 10000 */
  @IsOptional() @IsInt() @Min(0) shutdownTimeoutMs?: number;
}
