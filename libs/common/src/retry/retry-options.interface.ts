/**
 * How long to wait between attempts. The same shape for tasks, event handlers, service calls and workflow steps.
 */
export interface BackoffOptions {
  /** `exponential`: `delayMs * multiplier^(retry-1)`; `fixed`: `delayMs` every time. @default 'exponential' */
  type?: 'exponential' | 'fixed';
  /** Delay before the first retry, in milliseconds. @default 1000 */
  delayMs?: number;
  /** Upper bound of any delay, in milliseconds. @default 300000 (5 minutes) */
  maxDelayMs?: number;
  /** Growth factor of an exponential backoff. @default 2 */
  multiplier?: number;
  /** Share of the delay taken off at random (0..1): the delay lies in `[d * (1 - jitter), d]`. @default 0.5 */
  jitter?: number;
}

/**
 * Retries, spelled the same everywhere (`@AcbTask`, `@OnAcbEvent`, `retryAsync`, `@Retry`, workflow steps).
 * `maxRetries` counts retries AFTER the first attempt: 0 runs once, 3 runs at most four times.
 */
export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries?: number;
  backoff?: BackoffOptions;
}
