import { TaskCancelledError, timeout, TimeoutStrategy } from 'cockatiel';
import { TimeoutError } from '../errors/timeout.error';

/**
 * Runs `fn` with a deadline: after `ms` the returned promise rejects with a `TimeoutError` and `fn`'s AbortSignal
 * fires (cooperative work should stop on it). On cockatiel's aggressive timeout.
 */
export async function withTimeout<T>(fn: (signal: AbortSignal) => Promise<T>, ms: number, operation = 'operation'): Promise<T> {
  const policy = timeout(ms, TimeoutStrategy.Aggressive);
  try {
    return await policy.execute(({ signal }) => fn(signal));
  } catch (error) {
    if (error instanceof TaskCancelledError) throw new TimeoutError(operation, ms, { cause: error });
    throw error;
  }
}
