import { ServicesMessages } from '../services.messages';
import { ServiceError, type ServiceErrorOptions } from './service.error';

/** A dependency outside this process failed (HTTP 502). */
export class ExternalServiceError extends ServiceError {
  readonly service: string;

  constructor(service: string, reason: string, options: Omit<ServiceErrorOptions, 'code'> = {}) {
    super(ServicesMessages.externalService(service, reason), {
      ...options,
      code: 'EXTERNAL_SERVICE_FAILED',
      context: { service, ...options.context },
    });
    this.name = 'ExternalServiceError';
    this.service = service;
  }
}
