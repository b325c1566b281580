import type { BackoffOptions, SecretLike } from '@acb/common';
import type { EventQueueBridge } from './queue-bridge.interface';

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
  /**
   * Delays between a handler's attempts (@acb/common's shape, the same as tasks and `retryAsync`).
   * @default { type: 'exponential', delayMs: 100, maxDelayMs: 30000, multiplier: 2, jitter: 0.2 }
   */
  backoff?: BackoffOptions;
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
  /**
   * Joins @nestjs/event-emitter and ACB on the local transport: ACB's events reach `@OnEvent` listeners and
   * `EventEmitter2.emit` reaches `@OnAcbEvent` handlers (see the README, "Beside @nestjs/event-emitter").
   * `true` without a visible EventEmitter2, or with the redis transport, fails the start.
   * @default true when `EventEmitterModule.forRoot()` is imported and the transport is local, else false
   */
  bridgeEventEmitter?: boolean;
}

/** Options with every default applied. */
export interface ResolvedEventsOptions {
  transport: 'local' | 'redis';
  redis?: Required<Omit<RedisEventTransportOptions, 'consumerName' | 'url'>> & { consumerName: string; url: string };
  maxRetries: number;
  backoff: Required<BackoffOptions>;
  handlerTimeoutMs: number;
  concurrency: number;
  appName: string;
  shutdownTimeoutMs: number;
  queueBridge?: EventQueueBridge;
}
