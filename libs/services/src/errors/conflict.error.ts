import { ServiceError, type ServiceErrorOptions } from './service.error';

/** The request conflicts with the current state, e.g. a duplicate email (HTTP 409). */
export class ConflictError extends ServiceError {
  constructor(message: string, options: Omit<ServiceErrorOptions, 'code'> = {}) {
    super(message, { ...options, code: 'CONFLICT' });
    this.name = 'ConflictError';
  }
}
