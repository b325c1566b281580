import { ServiceError, type ServiceErrorOptions } from './service.error';

/** A specification cannot be built or translated (e.g. `or` into the nosql query language). */
export class SpecificationError extends ServiceError {
  constructor(message: string, options: Omit<ServiceErrorOptions, 'code'> = {}) {
    super(message, { ...options, code: 'SPECIFICATION_INVALID' });
    this.name = 'SpecificationError';
  }
}
