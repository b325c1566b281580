import { ServiceError, type ServiceErrorOptions } from './service.error';

/** The services library is used without something it needs (no DataSource, unknown rule, ...). */
export class ServicesConfigurationError extends ServiceError {
  constructor(message: string, options: Omit<ServiceErrorOptions, 'code'> = {}) {
    super(message, { ...options, code: 'SERVICES_CONFIGURATION' });
    this.name = 'ServicesConfigurationError';
  }
}
