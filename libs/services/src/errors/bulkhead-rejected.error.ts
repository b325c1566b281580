import { ServicesMessages } from '../services.messages';
import { ServiceError, type ServiceErrorOptions } from './service.error';

/** A call was rejected because its bulkhead and queue are full (HTTP 503). */
export class BulkheadRejectedError extends ServiceError {
  constructor(bulkhead: string, limit: number, queue: number, options: Omit<ServiceErrorOptions, 'code'> = {}) {
    super(ServicesMessages.bulkheadRejected(bulkhead, limit, queue), {
      ...options,
      code: 'BULKHEAD_REJECTED',
      context: { bulkhead, limit, queue, ...options.context },
    });
    this.name = 'BulkheadRejectedError';
  }
}
