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

  // NOTE: a safe request without a session cookie (every anonymous GET, every API client) has nothing to load and
  // nothing to check: it passes without a cache lookup, a promise or a parsed cookie jar.
  use(req: WebRequest, _res: WebResponse, next: (error?: unknown) => void): void | Promise<void> {
    const sid = sessionIdFromCookieHeader(req.headers.cookie);
    if (sid === undefined && SAFE_METHODS.has(req.method)) {
      req.acbSession = undefined;
      dropCsrfField(req);
      next();
      return;
    }
    return this.load(req, sid, next);
  }

  private async load(req: WebRequest, sid: string | undefined, next: (error?: unknown) => void): Promise<void> {
    req.acbSession = await this.sessions.get(sid);
    if (!SAFE_METHODS.has(req.method) && !isCookielessJson(req) && !isBullBoardJson(req)) {
      const body = req.body as Record<string, unknown> | undefined;
      const submitted = (body && typeof body === 'object' ? body[CSRF_FIELD] : undefined) ?? req.get(CSRF_HEADER);
      if (!csrfTokenMatches(req.acbSession?.csrf, submitted)) throw new ForbiddenException(WebMessages.csrfRejected);
    }
    dropCsrfField(req);
    next();
  }
}

/**
 * The value of the first `acb_sid` cookie in a `Cookie` header (URL-decoded as Express encodes it), or undefined.
 * The only cookie this application reads, so no cookie jar is parsed; the id is checked by SessionStore.get.
 */
export function sessionIdFromCookieHeader(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string') return undefined;
  let from = 0;
  for (;;) {
    const at = header.indexOf(SESSION_COOKIE, from);
    if (at < 0) return undefined;
    from = at + SESSION_COOKIE.length;
    let start = at;
    while (start > 0 && header.charCodeAt(start - 1) === 32) start--;
    // A match must start a pair (the header's start or after "; ") and be followed by "=" (`x_acb_sid=` is another cookie).
    if ((start === 0 || header.charCodeAt(start - 1) === 59) && header.charCodeAt(from) === 61) {
      const end = header.indexOf(';', from + 1);
      const raw = header.slice(from + 1, end < 0 ? undefined : end).trim();
      const value = raw.length > 1 && raw.startsWith('"') && raw.endsWith('"') ? raw.slice(1, -1) : raw;
      if (!value.includes('%')) return value;
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
  }
}

function dropCsrfField(req: WebRequest): void {
  if (req.body && typeof req.body === 'object' && !Array.isArray(req.body)) delete (req.body as Record<string, unknown>)[CSRF_FIELD];
}

function isBullBoardJson(req: WebRequest): boolean {
  return req.originalUrl.startsWith('/admin/queues/api/') && (req.is('application/json') === 'application/json' || !req.headers['content-type']);
}

function isCookielessJson(req: WebRequest): boolean {
  return !req.headers.cookie && req.is('application/json') === 'application/json';
}
