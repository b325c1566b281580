import { ServicesMessages } from '../services.messages';
import { ServiceError, type ServiceErrorOptions } from './service.error';

/** A call was rejected because its circuit breaker is open (HTTP 503). */
export class CircuitOpenError extends ServiceError {
  readonly breaker: string;

  constructor(breaker: string, options: Omit<ServiceErrorOptions, 'code'> = {}) {
    super(ServicesMessages.circuitOpen(breaker), {
      ...options,
      code: 'CIRCUIT_OPEN',
      context: { breaker, ...options.context },
    });
    this.name = 'CircuitOpenError';
    this.breaker = breaker;
  }
}
