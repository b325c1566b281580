import type { QueueConnectionOptions } from '../../interfaces/queue-backend.interface';
import type { RabbitMessageFormat } from './rabbitmq-message';
import { RabbitMqMessages } from './rabbitmq.messages';

/** Extra settings of the RabbitMQ backend, read from the module's `backendOptions` (all optional). */
export interface RabbitMqExtraOptions {
  /** Task records kept in this process's status store per queue (finished ones are evicted first). @default 10000 */
  keepRecords: number;
  /** Connection attempts at start before `connect()` fails. @default 5 */
  initialConnectRetries: number;
  /** Longest pause between reconnect attempts. @default 2000 */
  maxReconnectDelayMs: number;
  /** How often a non-leader instance tries to take the scheduler lease. @default 1000 */
  leaseRetryMs: number;
  /** How long `ping()` (health) waits. @default 2000 */
  pingTimeoutMs: number;
  /** Delay queues expire this long after their TTL once unused. @default 60000 */
  delayQueueGraceMs: number;
  /**
   * When > 0, work and dead-letter queues get `x-expires`: RabbitMQ deletes them (with their messages) once unused
   * that long. For tests and throwaway environments on a shared broker; 0 = never. @default 0
   */
  queueExpiresMs: number;
  /**
   * With `statusStoreUrl` (a Redis URL, `backendOptions.statusStoreUrl`): each task record in the shared status store
   * expires this long after its last update. @default 604800000 (7 days)
   */
  statusTtlMs: number;
}

const DEFAULTS: RabbitMqExtraOptions = {
  keepRecords: 10_000,
  initialConnectRetries: 5,
  maxReconnectDelayMs: 2_000,
  leaseRetryMs: 1_000,
  pingTimeoutMs: 2_000,
  delayQueueGraceMs: 60_000,
  queueExpiresMs: 0,
  statusTtlMs: 7 * 24 * 3_600_000,
};

/**
 * `backendOptions.statusStoreUrl`: the Redis URL of the shared status store (see rabbitmq-shared-status.ts), or
 * undefined for the per-process store.
 */
export function resolveStatusStoreUrl(extra: Record<string, unknown> | undefined): string | undefined {
  const value = extra?.statusStoreUrl;
  if (value === undefined || value === null || value === '') return undefined;
  if (typeof value !== 'string' || !/^rediss?:\/\//.test(value)) {
    throw new Error(RabbitMqMessages.invalidExtra('statusStoreUrl', `expected a redis:// URL, got ${typeof value === 'string' ? 'another URL' : typeof value}`));
  }
  return value;
}

/**
 * `backendOptions.messageFormat`: how messages are WRITTEN — `'body'` (default: the task's metadata and payload in one
 * JSON body) or `'header'` (the format of earlier versions: the payload as the body and the metadata in the `x-acb`
 * header). Both are always read. `'header'` is for a rolling upgrade while workers of an earlier version, which read
 * only that format, still consume. See rabbitmq-message.ts.
 */
export function resolveMessageFormat(extra: Record<string, unknown> | undefined): RabbitMessageFormat {
  const value = extra?.messageFormat;
  if (value === undefined || value === null) return 'body';
  if (value === 'body' || value === 'header') return value;
  throw new Error(RabbitMqMessages.invalidExtra('messageFormat', `expected 'body' or 'header', got ${JSON.stringify(value)}`));
}

/** Reads the backend extras, failing fast on a value of the wrong kind. */
export function resolveRabbitMqExtra(extra: Record<string, unknown> | undefined): RabbitMqExtraOptions {
  const resolved: RabbitMqExtraOptions = { ...DEFAULTS };
  for (const key of Object.keys(DEFAULTS) as (keyof RabbitMqExtraOptions)[]) {
    const value = extra?.[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
      throw new Error(RabbitMqMessages.invalidExtra(key, `expected a non-negative number, got ${JSON.stringify(value)}`));
    }
    resolved[key] = value;
  }
  return resolved;
}

/** The AMQP URL from the connection settings (`url` wins over the separate fields). */
export function toAmqpUrl(connection: QueueConnectionOptions): string {
  if (connection.url) return connection.url;
  const auth =
    connection.username !== undefined
      ? `${encodeURIComponent(connection.username)}:${encodeURIComponent(connection.password ?? '')}@`
      : '';
  const vhost = connection.vhost ? `/${encodeURIComponent(connection.vhost)}` : '';
  return `amqp://${auth}${connection.host ?? '127.0.0.1'}:${connection.port ?? 5672}${vhost}`;
}

/** The URL without credentials, for messages. */
export function describeAmqp(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
  } catch {
    return 'the configured RabbitMQ URL';
  }
}
