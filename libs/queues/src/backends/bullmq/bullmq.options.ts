import type { ConnectionOptions } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type { QueueConnectionOptions } from '../../interfaces/queue-backend.interface';
import { BullMqMessages } from './bullmq.messages';

/**
 * Extra settings of the Redis backend, read from the module's `backendOptions` (all optional).
 * They map to BullMQ Worker options; see docs/redis-rabbitmq.md.
 */
export interface BullMqExtraOptions {
  /**
   * How long a worker's lock on a running task lasts before the task counts as stalled. The worker renews it every
   * half of this while the handler runs (so a long task keeps it), so this bounds how long a dead worker's tasks wait:
   * they run again elsewhere within `lockDurationMs + 2 * stalledIntervalMs` (8 s with the defaults). A handler that
   * blocks the event loop longer than this loses its lock (its task runs again): raise it for such handlers.
   * @default 5000
   */
  lockDurationMs: number;
  /** How often workers look for stalled tasks (locks that expired because a worker died). @default 1500 */
  stalledIntervalMs: number;
  /** How many times a task may stall (its worker died) and be re-queued before it is failed. @default 5 */
  maxStalledCount: number;
  /** Completed tasks kept per queue (for `getTask` and `jobId` dedupe); older ones are evicted. @default 10000 */
  keepCompleted: number;
  /** Cancelled-task records kept per queue. @default 10000 */
  keepCancelled: number;
  /** How long `connect()` waits for Redis before failing the start. @default 10000 */
  connectTimeoutMs: number;
  /** How long `ping()` (health) waits. @default 2000 */
  pingTimeoutMs: number;
  /** Concurrency of the internal worker that runs schedule ticks. @default 16 */
  scheduleConcurrency: number;
  /**
   * How long a worker waits before retrying a Redis call that failed (fetching the next task, storing an outcome),
   * e.g. while Redis restarts. BullMQ's own default is 15000, which kept a worker idle (and a finished task
   * `active`) for 15 s after a short outage. @default 1000
   */
  runRetryDelayMs: number;
}

const DEFAULTS: BullMqExtraOptions = {
  lockDurationMs: 5_000,
  stalledIntervalMs: 1_500,
  maxStalledCount: 5,
  keepCompleted: 10_000,
  keepCancelled: 10_000,
  connectTimeoutMs: 10_000,
  pingTimeoutMs: 2_000,
  scheduleConcurrency: 16,
  runRetryDelayMs: 1_000,
};

/** Reads the backend extras, failing fast on a value of the wrong kind. */
export function resolveBullMqExtra(extra: Record<string, unknown> | undefined): BullMqExtraOptions {
  const resolved: BullMqExtraOptions = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof BullMqExtraOptions)[]) {
    const value = extra?.[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(BullMqMessages.invalidExtra(key, `expected a non-negative number, got ${JSON.stringify(value)}`));
    }
    resolved[key] = value;
  }
  return resolved;
}

/**
 * ioredis options from the module's connection settings (`url` wins over the separate fields).
 * `maxRetriesPerRequest: null` makes every command wait across a reconnect instead of failing (BullMQ requires it
 * for workers; for producers it means an `enqueue` during a Redis restart resolves once Redis has stored the task).
 */
export function toRedisOptions(connection: QueueConnectionOptions): RedisOptions {
  const options: RedisOptions = {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    retryStrategy: (times: number) => Math.min(100 * times, 1000),
    // NOTE: ioredis waits this long for a socket that is already gone to emit 'close' (default 2 s, which keeps a
    // process alive after closing a client that never connected).
    disconnectTimeout: 200,
  };
  if (connection.url) {
    const url = new URL(connection.url);
    options.host = url.hostname;
    options.port = url.port ? Number(url.port) : 6379;
    if (url.username) options.username = decodeURIComponent(url.username);
    if (url.password) options.password = decodeURIComponent(url.password);
    const db = url.pathname.replace(/^\//, '');
    if (db) options.db = Number(db);
    if (url.protocol === 'rediss:') options.tls = {};
    return options;
  }
  options.host = connection.host ?? '127.0.0.1';
  options.port = connection.port ?? 6379;
  if (connection.db !== undefined) options.db = connection.db;
  if (connection.username) options.username = connection.username;
  if (connection.password) options.password = connection.password;
  return options;
}

/** `host:port/db` for messages (never the password). */
export function describeRedis(options: RedisOptions): string {
  return `${options.host}:${options.port}/${options.db ?? 0}`;
}

/** The same settings typed for BullMQ's Worker/Queue constructors (BullMQ declares its own structural type). */
export function toBullConnection(options: RedisOptions): ConnectionOptions {
  return { ...options } as ConnectionOptions;
}
