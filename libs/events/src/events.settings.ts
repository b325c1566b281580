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

/** `events.backoff` in settings/events.yml (@acb/common's backoff; durations in seconds). */
export class EventsBackoffSettings {
  /** @default 'exponential' */
  @IsOptional() @IsIn(['exponential', 'fixed']) type?: 'exponential' | 'fixed';
  /** Seconds before the first retry. @default 0.1 */
  @IsOptional() @IsNumber() @Min(0) delay?: number;
  /** Seconds, the cap of one delay. @default 30 */
  @IsOptional() @IsNumber() @Min(0) maxDelay?: number;
  /** @default 2 */
  @IsOptional() @IsNumber() @Min(1) multiplier?: number;
  /** @default 0.2 */
  @IsOptional() @IsNumber() @Min(0) @Max(1) jitter?: number;
}

/** `events.redis` in settings/events.yml (needed when transport is redis); durations in seconds. */
export class EventsRedisSettings {
  /** redis:// URL, or `\${secret:NAME}` when it holds a password. */
  @IsTextOrSecret() url!: string | SecretLike;
  /** @default 'acb:events' */
  @IsOptional() @IsString() @MinLength(1) streamPrefix?: string;
  /** @default the app name */
  @IsOptional() @IsString() @MinLength(1) consumerGroup?: string;
  @IsOptional() @IsString() @MinLength(1) consumerName?: string;
  /** Seconds an entry may stay unacknowledged before another consumer reclaims it. @default 30 */
  @IsOptional() @IsNumber() @Min(0.001) claimIdle?: number;
  /** Seconds between reclaim checks. @default claim_idle / 2 */
  @IsOptional() @IsNumber() @Min(0.001) claimInterval?: number;
  /** @default 5 */
  @IsOptional() @IsInt() @Min(1) maxDeliveries?: number;
  /** Seconds one XREADGROUP blocks. @default 1 */
  @IsOptional() @IsNumber() @Min(0.001) block?: number;
  /** @default 50 */
  @IsOptional() @IsInt() @Min(1) batchSize?: number;
  /** @default 100000 */
  @IsOptional() @IsInt() @Min(1) maxLen?: number;
}

/**
 * The settings section `events` (settings/events.yml), keys in either spelling (`max_retries` or `maxRetries`),
 * durations in seconds (`handler_timeout: 30`). `eventsOptionsFromSettings` maps it to `AcbEventsModuleOptions`
 * (milliseconds):
 * `AcbEventsModule.forRootAsync({ inject: [AcbConfig], useFactory: (c) => eventsOptionsFromSettings(c.section('events', EventsSettings)) })`.
 */
export class EventsSettings {
  /** @default 'local' */
  @IsOptional() @IsIn(['local', 'redis']) transport?: 'local' | 'redis';
  @IsOptional() @ValidateNested() @Type(() => EventsRedisSettings) redis?: EventsRedisSettings;
  /** Retries after the first attempt, per handler. @default 3 */
  @IsOptional() @IsInt() @Min(0) maxRetries?: number;
  @IsOptional() @ValidateNested() @Type(() => EventsBackoffSettings) backoff?: EventsBackoffSettings;
  /** Seconds one handler attempt may take (0 disables). @default 30 */
  @IsOptional() @IsNumber() @Min(0) handlerTimeout?: number;
  /** @default 64 */
  @IsOptional() @IsInt() @Min(1) concurrency?: number;
  /** @default 'acb' */
  @IsOptional() @IsString() @MinLength(1) appName?: string;
  /** Seconds shutdown waits for deliveries in flight. @default 10 */
  @IsOptional() @IsNumber() @Min(0) shutdownTimeout?: number;
}
