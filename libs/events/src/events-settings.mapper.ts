import { secondsToMs } from '@acb/common';
import { EventsMessages } from './events.messages';
import { EventsOptionsError } from './errors/events-options.error';
import type { EventsSettings } from './events.settings';
import type { AcbEventsModuleOptions } from './interfaces/events-module-options.interface';

/**
 * `settings/events.yml` (validated with `EventsSettings`, durations in seconds) to `AcbEventsModuleOptions`
 * (durations in milliseconds). Keys left out stay out, so the module's defaults apply.
 * @throws EventsOptionsError for a duration key still written in milliseconds (`handlerTimeoutMs`, `block_ms`):
 *   silently reading 30000 as seconds would wait eight hours
 */
export function eventsOptionsFromSettings(settings: EventsSettings): AcbEventsModuleOptions {
  rejectMillisecondKeys(settings, 'events');
  const ms = (value: number | undefined, key: string) => (value === undefined ? undefined : secondsToMs(value, `events.${key}`));
  const { backoff, redis } = settings;
  return definedOnly({
    transport: settings.transport,
    maxRetries: settings.maxRetries,
    concurrency: settings.concurrency,
    appName: settings.appName,
    handlerTimeoutMs: ms(settings.handlerTimeout, 'handler_timeout'),
    shutdownTimeoutMs: ms(settings.shutdownTimeout, 'shutdown_timeout'),
    backoff: backoff
      ? definedOnly({
          type: backoff.type,
          delayMs: ms(backoff.delay, 'backoff.delay'),
          maxDelayMs: ms(backoff.maxDelay, 'backoff.max_delay'),
          multiplier: backoff.multiplier,
          jitter: backoff.jitter,
        })
      : undefined,
    redis: redis
      ? {
          ...definedOnly({
            streamPrefix: redis.streamPrefix,
            consumerGroup: redis.consumerGroup,
            consumerName: redis.consumerName,
            maxDeliveries: redis.maxDeliveries,
            batchSize: redis.batchSize,
            maxLen: redis.maxLen,
            claimIdleMs: ms(redis.claimIdle, 'redis.claim_idle'),
            claimIntervalMs: ms(redis.claimInterval, 'redis.claim_interval'),
            blockMs: ms(redis.block, 'redis.block'),
          }),
          url: redis.url,
        }
      : undefined,
  });
}

function rejectMillisecondKeys(block: object, path: string): void {
  for (const [key, value] of Object.entries(block)) {
    if (/(?:Ms|_ms|-ms)$/.test(key)) throw new EventsOptionsError(EventsMessages.millisecondsInSettings(`${path}.${key}`));
    if (value !== null && typeof value === 'object' && !Array.isArray(value) && (key === 'backoff' || key === 'redis')) {
      rejectMillisecondKeys(value, `${path}.${key}`);
    }
  }
}

function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, item]) => item !== undefined)) as T;
}
