import { ServiceError, ServiceErrorFilter, httpStatusOf } from '@acb/services';
import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import { asClientError } from '../validation/database-input-error';
import { SignInRequiredException } from './sign-in-required.exception';
import type { WebRequest, WebResponse } from './web-request';
import { WebMessages } from './web.messages';

/**
 * Every error of the application, in one place. A browser page (a request accepting HTML outside `/api/`) gets the
 * `error` page with the status (404 page, 403 for a bad CSRF token, ...); everything else gets JSON: service errors
 * as `ServiceErrorFilter` maps them (400 with the fields, 404, 409), HTTP exceptions with their status and message.
 * A database error caused by a client's value (SQLSTATE class 22) is a 400 (`asClientError`). A 500 never shows
 * its message or stack (it is logged).
 */
@Catch()
export class WebExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('WebExceptionFilter');
  private readonly services = new ServiceErrorFilter();

  catch(thrown: unknown, host: ArgumentsHost): void {
    // A value the database refused (SQLSTATE class 22) is the client's fault: 400, not 500.
    const error = asClientError(thrown);
    const ctx = host.switchToHttp();
    const req = ctx.getRequest<WebRequest>();
    const res = ctx.getResponse<WebResponse>();
    if (res.headersSent) return;
    const html = wantsHtml(req);
    if (error instanceof SignInRequiredException) {
      if (html) return res.redirect(303, `/login?next=${encodeURIComponent(error.next)}`);
      res.status(HttpStatus.UNAUTHORIZED).json({ statusCode: 401, error: 'UNAUTHORIZED', message: error.message });
      return;
    }
    const status = statusOf(error);
    if (status >= 500) this.logger.error(error instanceof Error ? `${error.name}: ${error.message}` : String(error), error instanceof Error ? error.stack : undefined);
    if (html) {
      const message = status >= 500 ? WebMessages.internalError : status === 404 ? WebMessages.notFoundPage : messageOf(error);
      res.status(status).render('error', { title: `${status}`, status, message, user: req.acbSession?.user });
      return;
    }
    const own = ownStatus(error);
    if (error instanceof ServiceError && own !== undefined) {
      const retryAfter = (error.context as { retryAfterSeconds?: unknown }).retryAfterSeconds;
      if (typeof retryAfter === 'number') res.setHeader('retry-after', String(retryAfter));
      res.status(own).json({ statusCode: own, error: error.code, message: error.message });
      return;
    }
    if (error instanceof ServiceError) return this.services.catch(error, host);
    if (error instanceof HttpException) {
      const body = error.getResponse();
      res.status(status).json(typeof body === 'string' ? { statusCode: status, message: body } : body);
      return;
    }
    res.status(status).json({ statusCode: status, message: WebMessages.internalError });
  }
}

/** A browser navigation or form post: accepts HTML (before JSON) and is not under `/api/`. */
export function wantsHtml(req: WebRequest): boolean {
  return !req.path.startsWith('/api/') && req.accepts(['json', 'html']) === 'html';
}

/** A service error of this application that names its own HTTP status (`httpStatus`: 401, 429). */
function ownStatus(error: unknown): number | undefined {
  const status = (error as { httpStatus?: unknown } | null)?.httpStatus;
  return typeof status === 'number' ? status : undefined;
}

function statusOf(error: unknown): number {
  const own = ownStatus(error);
  if (own !== undefined) return own;
  if (error instanceof ServiceError) return httpStatusOf(error);
  if (error instanceof HttpException) return error.getStatus();
  // NOTE: body-parser errors (malformed JSON, too large) carry their status; anything else is a 500.
  const status = (error as { status?: unknown; expose?: unknown } | null)?.status;
  if (typeof status === 'number' && status >= 400 && status < 500 && (error as { expose?: unknown }).expose) return status;
  return HttpStatus.INTERNAL_SERVER_ERROR;
}

function messageOf(error: unknown): string {
  if (error instanceof ServiceError && httpStatusOf(error) < 500) return error.message;
  if (ownStatus(error) !== undefined && error instanceof Error) return error.message;
  if (error instanceof HttpException) {
    const body = error.getResponse();
    if (typeof body === 'string') return body;
    const message = (body as { message?: unknown }).message;
    return Array.isArray(message) ? message.join('; ') : String(message ?? error.message);
  }
  return error instanceof Error ? error.message : WebMessages.internalError;
}
