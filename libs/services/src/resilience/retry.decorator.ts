import { wrapMethod } from '../utils/wrap-method';
import type { RetryAsyncOptions } from './retry-options.interface';
import { retryAsync } from './retry';

/** Retries the decorated method with `retryAsync` (each attempt calls the method again with the same arguments). */
export function Retry(options: RetryAsyncOptions = {}): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) =>
    wrapMethod(descriptor, (original) =>
      function (this: unknown, ...args: unknown[]) {
        return retryAsync(() => original.apply(this, args), options);
      },
    );
}
