import { ServiceError, type ServiceErrorOptions } from './service.error';

/**
 * The service registry cannot do what was asked: a dependency cycle, a missing or disabled dependency, a duplicate
 * or unknown name. `code` says which (`SERVICE_CYCLE`, `SERVICE_MISSING_DEPENDENCY`, ...); `context.services` names them.
 */
export class ServiceRegistryError extends ServiceError {
  constructor(message: string, options: ServiceErrorOptions & { code: string }) {
    super(message, options);
    this.name = 'ServiceRegistryError';
  }
}
