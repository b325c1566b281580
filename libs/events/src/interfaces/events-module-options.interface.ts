import type { SecretLike } from '@acb/common';
import type { EventQueueBridge } from './queue-bridge.interface';

/** Exponential backoff between a handler's attempts. */
export interface EventBackoffOptions {
  /** Delay before the first retry. @default 100 */
  initialMs?: number;
  /** Upper bound of a delay. @default 30000 */
  maxMs?: number;
  /** Each retry waits `multiplier` times longer than the previous one. @default 2 */
  multiplier?: number;
  /** Fraction of a delay taken off at random (0 = none, 1 = full jitter): delay in [d*(1-jitter), d]. @default 0.2 */
  jitter?: number;
}

/** Options of the redis transport. */
export interface RedisEventTransportOptions {
  /** redis:// URL; a `Secret` (`\${secret:NAME}` in settings/events.yml) is revealed only to connect. */
  url: string | SecretLike;
  /** Prefix of the stream and dead-letter keys; apps that should exchange events share it. @default 'acb:events' */
  streamPrefix?: string;
  /** Prefix of consumer group names, `<consumerGroup>:<handlerName>`. @default the module's `appName` */
  consumerGroup?: string;
  /** Consumer name inside groups. @default `<hostname>:<pid>:<random>` */
  consumerName?: string;
  /** How long a pending entry may sit unacknowledged before another consumer reclaims it. @default 30000 */
  claimIdleMs?: number;
  /** How often pending entries are checked for reclaiming. @default claimIdleMs / 2 */
  claimIntervalMs?: number;
  /**
   * An entry reclaimed from dead consumers more often than this is dead-lettered instead of delivered again
   * (a poison event that kills its process must not kill every instance in turn). @default 5
   */
  maxDeliveries?: number;
  /** XREADGROUP BLOCK time; also bounds how long shutdown waits for a reader. @default 1000 */
  blockMs?: number;
  /** Entries read per XREADGROUP. @default 50 */
  batchSize?: number;
  /** Approximate stream cap (XADD MAXLEN ~). @default 100000 */
  maxLen?: number;
}

/** Options of `AcbEventsModule.forRoot` (the settings section `events`). */
export interface AcbEventsModuleOptions {
  /** @default 'local' */
  transport?: 'local' | 'redis';
  /** Required when transport is 'redis'. */
  redis?: RedisEventTransportOptions;
  /** Retries after the first attempt, per handler. @default 3 */
  maxRetries?: number;
  backoff?: EventBackoffOptions;
  /** Per-attempt handler timeout; 0 disables. @default 30000 */
  handlerTimeoutMs?: number;
  /** Handler attempts running at once in this process, across all events. @default 64 */
  concurrency?: number;
  /** Names consumer groups on redis. @default 'acb' */
  appName?: string;
  /** How long shutdown waits for deliveries in flight before abandoning them (logged). @default 10000 */
  shutdownTimeoutMs?: number;
  /** Where `viaQueue` handlers are delivered (see `createQueuesEventBridge`). */
  queueBridge?: EventQueueBridge;
}

/** Options with every default applied. */
export interface ResolvedEventsOptions {
  transport: 'local' | 'redis';
  redis?: Required<Omit<RedisEventTransportOptions, 'consumerName' | 'url'>> & { consumerName: string; url: string };
  maxRetries: number;
  backoff: Required<EventBackoffOptions>;
  handlerTimeoutMs: number;
  concurrency: number;
  appName: string;
  shutdownTimeoutMs: number;
  queueBridge?: EventQueueBridge;
}
