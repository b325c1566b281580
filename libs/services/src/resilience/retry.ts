import { ExponentialBackoff, handleWhen, retry, type GeneratorFn } from 'cockatiel';
import { ConflictError } from '../errors/conflict.error';
import { NotFoundError } from '../errors/not-found.error';
import { ValidationError } from '../errors/validation.error';
import type { BackoffOptions, RetryOptions } from './retry-options.interface';

const NOT_RETRIED = [ValidationError, NotFoundError, ConflictError];

function jitterOf(jitter: BackoffOptions['jitter']): 'none' | 'half' | 'full' {
  if (jitter === undefined || jitter === true) return 'half';
  if (jitter === false) return 'none';
  return jitter;
}

/** cockatiel's exponential generator with our multiplier and jitter. */
function generator(multiplier: number, jitter: 'none' | 'half' | 'full'): GeneratorFn<number> {
  return (attempt = 0, options) => {
    const delay = Math.min(options.maxDelay, options.initialDelay * multiplier ** attempt);
    if (jitter === 'full') return [Math.floor(Math.random() * delay), attempt + 1];
    if (jitter === 'half') return [Math.floor(delay / 2 + (Math.random() * delay) / 2), attempt + 1];
    return [delay, attempt + 1];
  };
}

function shouldRetry(retryOn: RetryOptions['retryOn']): (error: unknown) => boolean {
  if (typeof retryOn === 'function') return retryOn;
  if (Array.isArray(retryOn)) return (error) => retryOn.some((type) => error instanceof type);
  return (error) => !NOT_RETRIED.some((type) => error instanceof type);
}

/**
 * Calls `fn` until it resolves or `maxAttempts` are spent (exponential backoff, capped, jittered; on cockatiel).
 * The last error is thrown as is. `fn` gets the attempt number (1-based).
 *
 * ```ts
 * const data = await retryAsync(() => http.get(url), { maxAttempts: 5, backoff: { initialMs: 200, maxMs: 5000 } });
 * ```
 */
export async function retryAsync<T>(fn: (attempt: number) => Promise<T> | T, options: RetryOptions = {}): Promise<T> {
  const maxAttempts = Math.max(1, Math.floor(options.maxAttempts ?? 3));
  const backoff = options.backoff ?? {};
  const predicate = shouldRetry(options.retryOn);
  const policy = retry(
    handleWhen((error) => predicate(error)),
    {
      maxAttempts: maxAttempts - 1,
      backoff: new ExponentialBackoff({
        initialDelay: backoff.initialMs ?? 100,
        maxDelay: backoff.maxMs ?? 10_000,
        generator: generator(backoff.multiplier ?? 2, jitterOf(backoff.jitter)),
      }),
    },
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
