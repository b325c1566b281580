import { Type } from 'class-transformer';
import { IsIn, IsInt, IsNotEmpty, IsString, Min, ValidateNested } from 'class-validator';

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
 * `adapters.queue`: the queue backend. Backend-specific keys (`redis: { url }`, `rabbitmq: { url }`, ...)
 * are kept as written for the queues library to read.
 */
export class QueueAdapterSettings {
  /** @default 'memory' */
  @IsIn(QUEUE_BACKENDS)
  backend: QueueBackendName = 'memory';

  @ValidateNested()
  @Type(() => QueueWorkersSettings)
  workers: QueueWorkersSettings = new QueueWorkersSettings();

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
