import type { RetryOptions } from '@acb/common';

export interface RetryInfo {
  /** The attempt that failed (1-based). */
  attempt: number;
  error: unknown;
  /** Milliseconds until the next attempt. */
  delayMs: number;
}

/**
 * Options of `retryAsync` and `@Retry`: @acb/common's `RetryOptions` (`maxRetries` = retries after the first
 * attempt, `backoff` = `{ type, delayMs, maxDelayMs, multiplier, jitter }`) plus what only a call site can say.
 * Defaults: `maxRetries` 2 (three attempts in all), backoff exponential from 100 ms, doubling, capped at 10000 ms,
 * jitter 0.5 (each delay in `[d/2, d]`).
 */
export interface RetryAsyncOptions extends RetryOptions {
  /**
   * Which errors are retried: a predicate or a list of error classes.
   * @default every error except ServiceValidationError, NotFoundError and ConflictError (they will not heal by retrying)
   */
  retryOn?: ((error: unknown) => boolean) | Array<abstract new (...args: any[]) => Error>;
  /** Called before each wait. */
  onRetry?: (info: RetryInfo) => void;
  /** Aborts the waits and further attempts. */
  signal?: AbortSignal;
}
