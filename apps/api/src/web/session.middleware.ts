import { ForbiddenException, Injectable, type NestMiddleware } from '@nestjs/common';
import { SAFE_METHODS, csrfTokenMatches } from './csrf';
import { SessionStore } from './session';
import { CSRF_FIELD, CSRF_HEADER, SESSION_COOKIE } from './web.constants';
import type { WebRequest, WebResponse } from './web-request';
import { WebMessages } from './web.messages';

/**
 * Loads the session named by the `acb_sid` cookie into `req.acbSession`, and checks the CSRF token of every unsafe
 * request (POST, PUT, PATCH, DELETE): the `_csrf` form field or the `x-csrf-token` header must equal the token bound
 * to the session (constant-time comparison), else 403. The `_csrf` field is removed from the body after the check,
 * so DTOs that reject unknown fields never see it.
 *
 * One exemption: a JSON request that carries no cookie at all holds no ambient authority (nothing to ride on) and
 * cannot be sent cross-site by a browser without a CORS preflight this app never grants; API clients (curl, other
 * services, the existing `POST /users`) use it. Every form post and every request with a cookie needs the token.
 * The second: Bull Board's own JSON calls under `/admin/queues/api/` (its page cannot send our token); they need a
 * signed-in session, a JSON body (a cross-site browser request would need a preflight) and the SameSite=Lax cookie,
 * which browsers do not send on cross-site fetches.
 */
@Injectable()
export class SessionMiddleware implements NestMiddleware {
  constructor(private readonly sessions: SessionStore) {}

  async use(req: WebRequest, _res: WebResponse, next: (error?: unknown) => void): Promise<void> {
    const cookies = (req.cookies ?? {}) as Record<string, unknown>;
    const sid = cookies[SESSION_COOKIE];
    req.acbSession = await this.sessions.get(typeof sid === 'string' ? sid : undefined);
    if (!SAFE_METHODS.has(req.method) && !isCookielessJson(req) && !isBullBoardJson(req)) {
      const body = req.body as Record<string, unknown> | undefined;
      const submitted = (body && typeof body === 'object' ? body[CSRF_FIELD] : undefined) ?? req.get(CSRF_HEADER);
      if (!csrfTokenMatches(req.acbSession?.csrf, submitted)) throw new ForbiddenException(WebMessages.csrfRejected);
    }
    if (req.body && typeof req.body === 'object' && !Array.isArray(req.body)) delete (req.body as Record<string, unknown>)[CSRF_FIELD];
    next();
  }
}

function isBullBoardJson(req: WebRequest): boolean {
  return req.originalUrl.startsWith('/admin/queues/api/') && (req.is('application/json') === 'application/json' || !req.headers['content-type']);
}

function isCookielessJson(req: WebRequest): boolean {
  return !req.headers.cookie && req.is('application/json') === 'application/json';
}
