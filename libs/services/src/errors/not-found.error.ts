import { ServicesMessages } from '../services.messages';
import { ServiceError, type ServiceErrorOptions } from './service.error';

/** A requested resource does not exist (HTTP 404). */
export class NotFoundError extends ServiceError {
  constructor(resource: string, id?: unknown, options: Omit<ServiceErrorOptions, 'code'> = {}) {
    super(ServicesMessages.notFound(resource, id), {
      ...options,
      code: 'NOT_FOUND',
      context: { resource, id, ...options.context },
    });
    this.name = 'NotFoundError';
  }
}
