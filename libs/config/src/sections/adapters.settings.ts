import { Type } from 'class-transformer';
import { IsArray, IsBoolean, IsIn, IsInt, IsNotEmpty, IsNumber, IsOptional, IsString, Min, ValidateNested } from 'class-validator';

/** Queue backends (`adapters.queue.backend`). */
export const QUEUE_BACKENDS = ['memory', 'redis', 'rabbitmq'] as const;

/** A queue backend name. */
export type QueueBackendName = (typeof QUEUE_BACKENDS)[number];

/** `adapters.queue.workers`: worker defaults. */
export class QueueWorkersSettings {
  /** Tasks processed at once per worker. @default 10 */
  @Min(1)
  @IsInt()
  concurrency: number = 10;

  /** Retries of a failed task before it is dead-lettered. @default 3 */
  @Min(0)
  @IsInt()
  maxRetries: number = 3;
}

/**
 * `adapters.queue`: the queue backend and its options (read by the queues library). The connection blocks
 * (`redis: { url }` or `redis: redis://...`, `rabbitmq: {...}`) and any other key are kept as written.
 * The optional keys below are declared so that environment overrides arrive with the right type.
 */
export class QueueAdapterSettings {
  /** @default 'memory' */
  @IsIn(QUEUE_BACKENDS)
  backend: QueueBackendName = 'memory';

  @ValidateNested()
  @Type(() => QueueWorkersSettings)
  workers: QueueWorkersSettings = new QueueWorkersSettings();

  /** Key / queue-name namespace on shared servers. */
  @IsOptional()
  @IsString()
  prefix?: string;

  /** Queue of tasks enqueued without one. */
  @IsOptional()
  @IsString()
  defaultQueue?: string;

  /** Queues this process serves (comma-separated text from the environment). */
  @IsOptional()
  @IsString({ each: true })
  @IsArray()
  queues?: string[];

  /** Consume tasks and fire schedules in this process. */
  @IsOptional()
  @IsBoolean()
  runWorker?: boolean;

  /** Grace period of a worker stop, in seconds (`shutdown_timeout: 10`; durations in settings are seconds). */
  @IsOptional()
  @Min(0)
  @IsNumber()
  shutdownTimeout?: number;

  /** Default per-attempt time limit, in seconds (0: none). */
  @IsOptional()
  @Min(0)
  @IsNumber()
  timeout?: number;

  /** Accept tasks whose handler lives in another process. */
  @IsOptional()
  @IsBoolean()
  allowRemoteTasks?: boolean;

  /** Task names that may run remotely (comma-separated text from the environment). */
  @IsOptional()
  @IsString({ each: true })
  @IsArray()
  remoteTasks?: string[];

  [key: string]: unknown;
}

/**
 * `settings/adapters.yml`: the implementation of each adapter category. Names are checked against the
 * registered adapters by the adapters library (custom ones can be registered), here only for being text.
 */
export class AdaptersSettings {
  /** memory | redis. @default 'memory' */
  @IsNotEmpty()
  @IsString()
  cache: string = 'memory';

  /** sqlite | postgres. @default 'sqlite' */
  @IsNotEmpty()
  @IsString()
  sql: string = 'sqlite';

  /** memory | redis | postgres. @default 'memory' */
  @IsNotEmpty()
  @IsString()
  nosql: string = 'memory';

  /** memory | file. @default 'memory' */
  @IsNotEmpty()
  @IsString()
  storage: string = 'memory';

  /** none | prometheus. @default 'none' */
  @IsNotEmpty()
  @IsString()
  monitoring: string = 'none';

  @ValidateNested()
  @Type(() => QueueAdapterSettings)
  queue: QueueAdapterSettings = new QueueAdapterSettings();
}
