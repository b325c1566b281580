import type { FieldError } from '../validation/validation-result.interface';
import { ServicesMessages } from '../services.messages';
import { ServiceError, type ServiceErrorOptions } from './service.error';

/**
 * Input failed validation; `errors` lists every failing field (HTTP 400). Named apart from class-validator's
 * `ValidationError`, which the files that throw this one import too (as Workflow-/Migration-/ConfigValidationError).
 */
export class ServiceValidationError extends ServiceError {
  readonly errors: FieldError[];

  constructor(errors: FieldError[], options: Omit<ServiceErrorOptions, 'code'> = {}) {
    super(ServicesMessages.validationFailed(errors.map((error) => error.path)), {
      ...options,
      code: 'VALIDATION_FAILED',
    });
    this.name = 'ServiceValidationError';
    this.errors = errors;
  }
}
