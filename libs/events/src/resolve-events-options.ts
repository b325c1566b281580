import { resolveBackoff, revealSecret, type BackoffOptions } from '@acb/common';
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import { EventsOptionsError } from './errors/events-options.error';
import { EventsMessages } from './events.messages';
import type { AcbEventsModuleOptions, ResolvedEventsOptions } from './interfaces/events-module-options.interface';

/** The defaults of every option (documented in the README). */
export const EVENTS_DEFAULTS = {
  transport: 'local',
  maxRetries: 3,
  backoff: { type: 'exponential', delayMs: 100, maxDelayMs: 30_000, multiplier: 2, jitter: 0.2 } as Readonly<Required<BackoffOptions>>,
  handlerTimeoutMs: 30_000,
  concurrency: 64,
  appName: 'acb',
  shutdownTimeoutMs: 10_000,
  redis: { streamPrefix: 'acb:events', claimIdleMs: 30_000, blockMs: 1000, batchSize: 50, maxLen: 100_000, maxDeliveries: 5 },
} as const;

/** Merges defaults and rejects impossible values (fail fast at start). */
export function resolveEventsOptions(options: AcbEventsModuleOptions = {}): ResolvedEventsOptions {
  const transport = options.transport ?? EVENTS_DEFAULTS.transport;
  if (transport !== 'local' && transport !== 'redis') {
    throw new EventsOptionsError(`AcbEventsModule: transport must be 'local' or 'redis', got ${JSON.stringify(transport)}.`);
  }
  const resolved: ResolvedEventsOptions = {
    transport,
    maxRetries: options.maxRetries ?? EVENTS_DEFAULTS.maxRetries,
    backoff: resolveBackoff(options.backoff, EVENTS_DEFAULTS.backoff),
    handlerTimeoutMs: options.handlerTimeoutMs ?? EVENTS_DEFAULTS.handlerTimeoutMs,
    concurrency: options.concurrency ?? EVENTS_DEFAULTS.concurrency,
    appName: options.appName ?? EVENTS_DEFAULTS.appName,
    shutdownTimeoutMs: options.shutdownTimeoutMs ?? EVENTS_DEFAULTS.shutdownTimeoutMs,
    queueBridge: options.queueBridge,
  };
  nonNegativeInteger('maxRetries', resolved.maxRetries);
  nonNegativeInteger('handlerTimeoutMs', resolved.handlerTimeoutMs);
  nonNegativeInteger('shutdownTimeoutMs', resolved.shutdownTimeoutMs);
  if (!Number.isInteger(resolved.concurrency) || resolved.concurrency < 1) {
    throw new EventsOptionsError(`AcbEventsModule: concurrency must be an integer >= 1, got ${resolved.concurrency}.`);
  }
  const { type, delayMs, maxDelayMs, multiplier, jitter } = resolved.backoff;
  if (type !== 'exponential' && type !== 'fixed') {
    throw new EventsOptionsError(`AcbEventsModule: backoff.type must be 'exponential' or 'fixed', got ${JSON.stringify(type)}.`);
  }
  nonNegativeInteger('backoff.delayMs', delayMs);
  nonNegativeInteger('backoff.maxDelayMs', maxDelayMs);
  if (!(multiplier >= 1)) throw new EventsOptionsError(`AcbEventsModule: backoff.multiplier must be >= 1, got ${multiplier}.`);
  if (!(jitter >= 0 && jitter <= 1)) throw new EventsOptionsError(`AcbEventsModule: backoff.jitter must be in [0, 1], got ${jitter}.`);
  if (options.bridgeEventEmitter === true && transport !== 'local') {
    throw new EventsOptionsError(EventsMessages.bridgeNeedsLocal(transport));
  }
  if (transport === 'redis') {
    const redis = options.redis;
    if (!redis?.url) throw new EventsOptionsError(`AcbEventsModule: transport 'redis' needs redis.url.`);
    const claimIdleMs = redis.claimIdleMs ?? EVENTS_DEFAULTS.redis.claimIdleMs;
    resolved.redis = {
      url: String(revealSecret(redis.url)),
      streamPrefix: redis.streamPrefix ?? EVENTS_DEFAULTS.redis.streamPrefix,
      consumerGroup: redis.consumerGroup ?? resolved.appName,
      consumerName: redis.consumerName ?? `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
      claimIdleMs,
      claimIntervalMs: redis.claimIntervalMs ?? Math.max(100, Math.floor(claimIdleMs / 2)),
      blockMs: redis.blockMs ?? EVENTS_DEFAULTS.redis.blockMs,
      maxDeliveries: redis.maxDeliveries ?? EVENTS_DEFAULTS.redis.maxDeliveries,
      batchSize: redis.batchSize ?? EVENTS_DEFAULTS.redis.batchSize,
      maxLen: redis.maxLen ?? EVENTS_DEFAULTS.redis.maxLen,
    };
  }
  return resolved;
}

function nonNegativeInteger(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) {
    throw new EventsOptionsError(`AcbEventsModule: ${name} must be an integer >= 0, got ${value}.`);
  }
}
