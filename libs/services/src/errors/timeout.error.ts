import { ServicesMessages } from '../services.messages';
import { ServiceError, type ServiceErrorOptions } from './service.error';

/** An operation did not finish in time (HTTP 504). */
export class TimeoutError extends ServiceError {
  readonly timeoutMs: number;

  constructor(operation: string, timeoutMs: number, options: Omit<ServiceErrorOptions, 'code'> = {}) {
    super(ServicesMessages.timeout(operation, timeoutMs), {
      ...options,
      code: 'TIMEOUT',
      context: { operation, timeoutMs, ...options.context },
    });
    this.name = 'TimeoutError';
    this.timeoutMs = timeoutMs;
  }
}
