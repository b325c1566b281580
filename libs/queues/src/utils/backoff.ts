import type { BackoffOptions } from '../interfaces/task.interface';

/** Backoff used when neither the task nor the module sets one. */
export const DEFAULT_BACKOFF: Readonly<Required<BackoffOptions>> = Object.freeze({
  type: 'exponential',
  delayMs: 1000,
  maxDelayMs: 300_000,
  jitter: 0.5,
});

/** Fills the missing fields of a backoff from `base` (itself complete). */
export function resolveBackoff(
  backoff: BackoffOptions | undefined,
  base: Required<BackoffOptions> = DEFAULT_BACKOFF,
): Required<BackoffOptions> {
  return {
    type: backoff?.type ?? base.type,
    delayMs: backoff?.delayMs ?? base.delayMs,
    maxDelayMs: backoff?.maxDelayMs ?? base.maxDelayMs,
    jitter: backoff?.jitter ?? base.jitter,
  };
}

/**
 * The delay before retry number `retry` (1 = first retry, i.e. after attempt 1 failed).
 * Exponential: `delayMs * 2^(retry-1)`; fixed: `delayMs`; capped at `maxDelayMs`; then "equal jitter": the result
 * lies in `[d * (1 - jitter), d]`. Every backend calls this so retries are timed alike everywhere.
 */
export function computeBackoffDelay(
  backoff: Required<BackoffOptions>,
  retry: number,
  random: () => number = Math.random,
): number {
  const n = Math.max(1, Math.floor(retry));
  const raw = backoff.type === 'fixed' ? backoff.delayMs : backoff.delayMs * 2 ** (n - 1);
  const capped = Math.min(raw, backoff.maxDelayMs);
  const jitter = Math.min(Math.max(backoff.jitter, 0), 1);
  return Math.max(0, Math.round(capped * (1 - jitter * random())));
}
