import { BadRequestException, type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { type Observable, catchError, throwError } from 'rxjs';
import { QueryFailedError } from 'typeorm';

/**
 * SQLSTATE class 22 "data exception": the database refused a value itself — an integer outside its column's range
 * (22003, e.g. `GET /users/99999999999` on PostgreSQL), a malformed number or date (22P02, 22007, 22008), a byte it
 * cannot store (22021, NUL), a string too long (22001). Client input caused it.
 */
const DATA_EXCEPTION = /^22/;

/**
 * Global interceptor of the sample API: a database error caused by a client's value leaves the handler as a
 * `400 Bad Request` (an `HttpException`, so whichever exception filter answers — the JSON API's or the pages' —
 * gives a 400), never a 500. Other database errors pass unchanged. Registered with `APP_INTERCEPTOR`, so every
 * route of every feature is covered, whatever its own validation missed.
 */
@Injectable()
export class DatabaseInputInterceptor implements NestInterceptor {
  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(catchError((error: unknown) => throwError(() => asClientError(error))));
  }
}

/** The 400 a data exception means, else the error itself. */
export function asClientError(error: unknown): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !DATA_EXCEPTION.test(code)) return error;
  return new BadRequestException(
    { statusCode: 400, error: 'Bad Request', message: `A value of the request is not valid for the database (SQLSTATE ${code})` },
    { cause: error },
  );
}
