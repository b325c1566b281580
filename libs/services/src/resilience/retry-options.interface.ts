/** Delay between attempts: `initialMs * multiplier^(attempt-1)`, capped at `maxMs`, then jittered. */
export interface BackoffOptions {
  /** @default 100 */
  initialMs?: number;
  /** @default 10000 */
  maxMs?: number;
  /** @default 2 */
  multiplier?: number;
  /**
   * `full`: uniform in [0, delay); `half`: uniform in [delay/2, delay); `none`: exact. `true` = `half`, `false` = `none`.
   * @default 'half'
   */
  jitter?: 'none' | 'half' | 'full' | boolean;
}

export interface RetryInfo {
  /** The attempt that failed (1-based). */
  attempt: number;
  error: unknown;
  /** Milliseconds until the next attempt. */
  delayMs: number;
}

export interface RetryOptions {
  /** Total attempts including the first. @default 3 */
  maxAttempts?: number;
  backoff?: BackoffOptions;
  /**
   * Which errors are retried: a predicate or a list of error classes.
   * @default every error except ValidationError, NotFoundError and ConflictError (they will not heal by retrying)
   */
  retryOn?: ((error: unknown) => boolean) | Array<abstract new (...args: any[]) => Error>;
  /** Called before each wait. */
  onRetry?: (info: RetryInfo) => void;
  /** Aborts the waits and further attempts. */
  signal?: AbortSignal;
}
