import { CommonMessages } from '../common.messages';
import type { BackoffOptions } from './retry-options.interface';

/** The backoff used when nothing sets one: exponential from 1 s, doubling, capped at 5 min, half jitter. */
export const DEFAULT_BACKOFF: Readonly<Required<BackoffOptions>> = Object.freeze({
  type: 'exponential',
  delayMs: 1000,
  maxDelayMs: 300_000,
  multiplier: 2,
  jitter: 0.5,
});

/** Fills the missing fields of `backoff` from `base` (itself complete). */
export function resolveBackoff(
  backoff: BackoffOptions | undefined,
  base: Readonly<Required<BackoffOptions>> = DEFAULT_BACKOFF,
): Required<BackoffOptions> {
  return {
    type: backoff?.type ?? base.type,
    delayMs: backoff?.delayMs ?? base.delayMs,
    maxDelayMs: backoff?.maxDelayMs ?? base.maxDelayMs,
    multiplier: backoff?.multiplier ?? base.multiplier,
    jitter: backoff?.jitter ?? base.jitter,
  };
}

/**
 * The delay in milliseconds before retry number `retry` (1 = the first retry, after attempt 1 failed).
 * Exponential: `delayMs * multiplier^(retry-1)`; fixed: `delayMs`; capped at `maxDelayMs`; then "equal jitter":
 * the result lies in `[d * (1 - jitter), d]`. Every library calls this, so retries are timed alike everywhere.
 */
export function computeBackoffDelay(
  backoff: Readonly<Required<BackoffOptions>>,
  retry: number,
  random: () => number = Math.random,
): number {
  const n = Math.max(1, Math.floor(retry));
  const raw = backoff.type === 'fixed' ? backoff.delayMs : backoff.delayMs * backoff.multiplier ** (n - 1);
  const capped = Math.min(raw, backoff.maxDelayMs);
  const jitter = Math.min(Math.max(backoff.jitter, 0), 1);
  return Math.max(0, Math.round(capped * (1 - jitter * random())));
}

/**
 * Validates a user-given retry count: an integer >= 0.
 * @returns the count, or `fallback` when `value` is undefined
 * @throws Error naming `where` otherwise
 */
export function resolveMaxRetries(value: number | undefined, fallback: number, where: string): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new Error(CommonMessages.invalidMaxRetries(where, value));
  }
  return value;
}
