import type { EventBackoffOptions } from '../interfaces/events-module-options.interface';

/**
 * Delay before retry number `retry` (1 for the first retry): `initialMs * multiplier^(retry-1)`, capped at `maxMs`,
 * minus a random share of up to `jitter` of itself, so the result lies in `[d * (1 - jitter), d]`.
 */
export function backoffDelay(retry: number, options: Required<EventBackoffOptions>, random: () => number = Math.random): number {
  const exact = Math.min(options.maxMs, options.initialMs * options.multiplier ** Math.max(0, retry - 1));
  return Math.round(exact * (1 - options.jitter * random()));
}
