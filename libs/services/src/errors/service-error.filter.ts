import { Catch, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { BulkheadRejectedError } from './bulkhead-rejected.error';
import { CircuitOpenError } from './circuit-open.error';
import { ConflictError } from './conflict.error';
import { ExternalServiceError } from './external-service.error';
import { NotFoundError } from './not-found.error';
import { ServiceError } from './service.error';
import { TimeoutError } from './timeout.error';
import { ServiceValidationError } from './service-validation.error';

/** The HTTP body of a mapped service error. */
export interface ServiceErrorBody {
  statusCode: number;
  error: string;
  message: string;
  /** Every failing field, for a `ServiceValidationError`. */
  fields?: Array<{ path: string; constraints: Record<string, string> }>;
}

/** The HTTP status of a service error: 404, 400, 409, 502, 504, 503 (open circuit, full bulkhead), else 500. */
export function httpStatusOf(error: ServiceError): number {
  if (error instanceof NotFoundError) return HttpStatus.NOT_FOUND;
  if (error instanceof ServiceValidationError) return HttpStatus.BAD_REQUEST;
  if (error instanceof ConflictError) return HttpStatus.CONFLICT;
  if (error instanceof ExternalServiceError) return HttpStatus.BAD_GATEWAY;
  if (error instanceof TimeoutError) return HttpStatus.GATEWAY_TIMEOUT;
  if (error instanceof CircuitOpenError || error instanceof BulkheadRejectedError) return HttpStatus.SERVICE_UNAVAILABLE;
  return HttpStatus.INTERNAL_SERVER_ERROR;
}

/**
 * Maps the `ServiceError` family to HTTP responses (register with `app.useGlobalFilters(new ServiceErrorFilter())`
 * or `APP_FILTER`). A 500 hides its message (logged instead); the others say what failed, with the fields for a 400.
 */
@Catch(ServiceError)
export class ServiceErrorFilter implements ExceptionFilter<ServiceError> {
  private readonly logger = new Logger('ServiceErrorFilter');

  catch(error: ServiceError, host: ArgumentsHost): void {
    const status = httpStatusOf(error);
    const body: ServiceErrorBody = {
      statusCode: status,
      error: error.code,
      message: status === HttpStatus.INTERNAL_SERVER_ERROR ? 'Internal server error' : error.message,
    };
    if (error instanceof ServiceValidationError) body.fields = error.errors;
    if (status >= 500) this.logger.error(`${error.name} ${error.code}: ${error.message}`, error.stack);
    const response = host.switchToHttp().getResponse<{ status(code: number): { json(body: unknown): void } }>();
    response.status(status).json(body);
  }
}
