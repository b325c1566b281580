import { BadRequestException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';

/**
 * SQLSTATE class 22 "data exception": the database refused a value itself — an integer outside its column's range
 * (22003, e.g. `GET /users/99999999999` on PostgreSQL), a malformed number or date (22P02, 22007, 22008), a byte it
 * cannot store (22021, NUL), a string too long (22001). Client input caused it.
 */
const DATA_EXCEPTION = /^22/;

/**
 * A database error caused by a client's value as a `400 Bad Request` (an `HttpException`), never a 500; any other
 * error unchanged. Applied by `WebExceptionFilter`, the application's catch-all filter, to every error a route
 * throws, whatever its own validation missed. (A filter rather than a global interceptor: an interceptor wraps every
 * request's handler in an RxJS pipe to catch the rare error; Nest skips that pipe when a route has no interceptor.)
 */
export function asClientError(error: unknown): unknown {
  if (!(error instanceof QueryFailedError)) return error;
  const code = (error.driverError as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string' || !DATA_EXCEPTION.test(code)) return error;
  return new BadRequestException(
    { statusCode: 400, error: 'Bad Request', message: `A value of the request is not valid for the database (SQLSTATE ${code})` },
    { cause: error },
  );
}
