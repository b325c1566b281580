import { computeBackoffDelay, resolveBackoff, resolveMaxRetries, type BackoffOptions } from '@acb/common';
import { ExponentialBackoff, handleWhen, retry, type GeneratorFn } from 'cockatiel';
import { ConflictError } from '../errors/conflict.error';
import { NotFoundError } from '../errors/not-found.error';
import { ServiceValidationError } from '../errors/service-validation.error';
import type { RetryAsyncOptions } from './retry-options.interface';

const NOT_RETRIED = [ServiceValidationError, NotFoundError, ConflictError];

/** The defaults of a service call's retries: shorter than a task's, a caller is waiting. */
export const SERVICE_RETRY_DEFAULTS = Object.freeze({
  maxRetries: 2,
  backoff: Object.freeze({ type: 'exponential', delayMs: 100, maxDelayMs: 10_000, multiplier: 2, jitter: 0.5 } as Required<BackoffOptions>),
});

/** cockatiel's backoff generator timed by @acb/common's `computeBackoffDelay` (state = retries so far). */
function generator(backoff: Required<BackoffOptions>): GeneratorFn<number> {
  return (retries = 0) => [computeBackoffDelay(backoff, retries + 1), retries + 1];
}

function shouldRetry(retryOn: RetryAsyncOptions['retryOn']): (error: unknown) => boolean {
  if (typeof retryOn === 'function') return retryOn;
  if (Array.isArray(retryOn)) return (error) => retryOn.some((type) => error instanceof type);
  return (error) => !NOT_RETRIED.some((type) => error instanceof type);
}

/**
 * Calls `fn` until it resolves or `maxRetries` retries after the first attempt are spent (on cockatiel; delays from
 * @acb/common's backoff, the same formula as tasks and event handlers). The last error is thrown as is. `fn` gets
 * the attempt number (1-based).
 *
 * ```ts
 * const data = await retryAsync(() => http.get(url), { maxRetries: 4, backoff: { delayMs: 200, maxDelayMs: 5000 } });
 * ```
 * @throws Error at the call when `maxRetries` is not an integer >= 0
 */
export async function retryAsync<T>(fn: (attempt: number) => Promise<T> | T, options: RetryAsyncOptions = {}): Promise<T> {
  const maxRetries = resolveMaxRetries(options.maxRetries, SERVICE_RETRY_DEFAULTS.maxRetries, 'retryAsync');
  const backoff = resolveBackoff(options.backoff, SERVICE_RETRY_DEFAULTS.backoff);
  const predicate = shouldRetry(options.retryOn);
  const policy = retry(
    handleWhen((error) => predicate(error)),
    { maxAttempts: maxRetries, backoff: new ExponentialBackoff({ generator: generator(backoff) }) },
  );
  const listener = options.onRetry
    ? policy.onRetry((event) => {
        options.onRetry?.({ attempt: event.attempt, error: 'error' in event ? event.error : event.value, delayMs: event.delay });
      })
    : undefined;
  try {
    return await policy.execute(({ attempt }) => fn(attempt + 1), options.signal);
  } finally {
    listener?.dispose();
  }
}
