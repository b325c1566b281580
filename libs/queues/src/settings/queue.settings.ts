import { plainToInstance, Transform, Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNumber, IsObject, IsOptional, IsString, Min, ValidateNested } from 'class-validator';

/** Text from an environment override (`"1500"`, `"true"`) to its number/boolean; other values unchanged. */
const asNumber = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : value;
const asBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
/** A config `Secret` (anything with `reveal()`) becomes its value, here where the connection needs it. */
const revealed = ({ value }: { value: unknown }) =>
  value && typeof value === 'object' && typeof (value as { reveal?: unknown }).reveal === 'function'
    ? (value as { reveal(): unknown }).reveal()
    : value;

/** `queue.redis` / `queue.rabbitmq`: how to reach the server (a URL string is accepted for the whole block). */
export class QueueConnectionSettings {
  @IsOptional() @Transform(revealed) @IsString() url?: string;
  @IsOptional() @IsString() host?: string;
  @IsOptional() @Transform(asNumber) @IsInt() @Min(1) port?: number;
  /** redis database number. */
  @IsOptional() @Transform(asNumber) @IsInt() @Min(0) db?: number;
  @IsOptional() @Transform(revealed) @IsString() username?: string;
  @IsOptional() @Transform(revealed) @IsString() password?: string;
  /** rabbitmq virtual host. */
  @IsOptional() @IsString() vhost?: string;
}

/** `queue.workers`. */
export class QueueWorkersBlockSettings {
  /** @default 10 */
  @IsOptional() @Transform(asNumber) @IsInt() @Min(1) concurrency?: number;
  /** @default 3 */
  @IsOptional() @Transform(asNumber) @IsInt() @Min(0) maxRetries?: number;
  /** The seed's spelling of maxRetries. */
  @IsOptional() @Transform(asNumber) @IsInt() @Min(0) max_retries?: number;
}

const toConnection = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? plainToInstance(QueueConnectionSettings, { url: value }) : value;

/**
 * The `queue:` block of settings/adapters.yml, as @acb/queues reads it (`queueOptionsFromSettings` validates a
 * block with this class and maps it to AcbQueuesModule options). Every key is optional.
 */
export class QueueSettings {
  /** @default 'memory' */
  @IsOptional() @IsIn(['memory', 'redis', 'rabbitmq']) backend?: 'memory' | 'redis' | 'rabbitmq';

  @IsOptional() @Transform(toConnection) @ValidateNested() @Type(() => QueueConnectionSettings) redis?: QueueConnectionSettings;

  @IsOptional() @Transform(toConnection) @ValidateNested() @Type(() => QueueConnectionSettings) rabbitmq?: QueueConnectionSettings;

  @IsOptional() @ValidateNested() @Type(() => QueueWorkersBlockSettings) workers?: QueueWorkersBlockSettings;

  /** Consume and fire schedules in this process. @default true on memory, false on redis and rabbitmq */
  @IsOptional() @Transform(asBoolean) @IsBoolean() runWorker?: boolean;

  /** Seconds a graceful stop waits for tasks in flight (`shutdown_timeout: 10`). @default 10 */
  @IsOptional() @Transform(asNumber) @IsNumber() @Min(0) shutdownTimeout?: number;

  /** @default 'acb' */
  @IsOptional() @IsString() prefix?: string;

  /** @default 'default' */
  @IsOptional() @IsString() defaultQueue?: string;

  @IsOptional() @IsArray() @IsString({ each: true }) queues?: string[];

  /** Seconds one attempt of a task that sets no `timeoutMs` may take; 0 = none. @default 0 */
  @IsOptional() @Transform(asNumber) @IsNumber() @Min(0) timeout?: number;

  /** @default false */
  @IsOptional() @Transform(asBoolean) @IsBoolean() allowRemoteTasks?: boolean;

  @IsOptional() @IsArray() @IsString({ each: true }) remoteTasks?: string[];

  /**
   * Backend-specific extras, handed to the backend class as written: its own option names and units
   * (`maxFinished`, `stalledIntervalMs`, ...; see docs/redis-rabbitmq.md) — the one block of settings that is not
   * converted from seconds.
   */
  @IsOptional() @IsObject() backendOptions?: Record<string, unknown>;
}
