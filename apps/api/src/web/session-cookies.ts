import { Injectable } from '@nestjs/common';
import { type Session, SessionStore, type SessionUser } from './session';
import { ANONYMOUS_SESSION_TTL_SECONDS, SESSION_COOKIE, USER_SESSION_TTL_SECONDS } from './web.constants';
import type { WebRequest, WebResponse } from './web-request';

/** Starts, rotates and ends sessions and keeps the `acb_sid` cookie in step (HttpOnly, SameSite=Lax). */
@Injectable()
export class SessionCookies {
  constructor(private readonly sessions: SessionStore) {}

  /** The request's session, or a new anonymous one (for a form's CSRF token). */
  async ensure(req: WebRequest, res: WebResponse): Promise<Session> {
    if (req.acbSession) return req.acbSession;
    const session = await this.sessions.create();
    this.setCookie(req, res, session, ANONYMOUS_SESSION_TTL_SECONDS);
    req.acbSession = session;
    return session;
  }

  /** Signs `user` in: the old session is dropped and a new id issued (no session fixation). */
  async signIn(req: WebRequest, res: WebResponse, user: SessionUser): Promise<Session> {
    if (req.acbSession) await this.sessions.destroy(req.acbSession.id);
    const session = await this.sessions.create(user);
    this.setCookie(req, res, session, USER_SESSION_TTL_SECONDS);
    req.acbSession = session;
    return session;
  }

  /** Ends the session and clears the cookie. */
  async signOut(req: WebRequest, res: WebResponse): Promise<void> {
    if (req.acbSession) await this.sessions.destroy(req.acbSession.id);
    req.acbSession = undefined;
    res.clearCookie(SESSION_COOKIE, { path: '/' });
  }

  private setCookie(req: WebRequest, res: WebResponse, session: Session, ttlSeconds: number): void {
    res.cookie(SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'lax', secure: req.secure, path: '/', maxAge: ttlSeconds * 1000 });
  }
}
