import { randomBytes } from 'node:crypto';
import { CacheAdapter } from '@acb/adapters';
import { Injectable } from '@nestjs/common';
import { ANONYMOUS_SESSION_TTL_SECONDS, USER_SESSION_TTL_SECONDS } from './web.constants';

/** The signed-in user a session carries. */
export interface SessionUser {
  id: number;
  email: string;
  name: string;
}

/** A session as stored in the cache adapter under `session:<id>`. */
export interface SessionData {
  /** The CSRF token bound to this session. */
  csrf: string;
  user?: SessionUser;
  createdAt: string;
}

/** A session loaded for one request. */
export interface Session extends SessionData {
  id: string;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{43}$/;

/** Sessions in the cache adapter (memory by default, Redis in the distributed profile): shared by every API process. */
@Injectable()
export class SessionStore {
  constructor(private readonly cache: CacheAdapter) {}

  /** A new session (a new id and a new CSRF token). */
  async create(user?: SessionUser): Promise<Session> {
    const session: Session = { id: token(), csrf: token(), createdAt: new Date().toISOString(), ...(user ? { user } : {}) };
    await this.cache.set<SessionData>(key(session.id), { csrf: session.csrf, createdAt: session.createdAt, ...(user ? { user } : {}) }, user ? USER_SESSION_TTL_SECONDS : ANONYMOUS_SESSION_TTL_SECONDS);
    return session;
  }

  /** The session with this id, or undefined (unknown, expired or malformed id). */
  async get(id: string | undefined): Promise<Session | undefined> {
    if (typeof id !== 'string' || !ID_PATTERN.test(id)) return undefined;
    const data = await this.cache.get<SessionData>(key(id));
    return data ? { ...data, id } : undefined;
  }

  async destroy(id: string): Promise<void> {
    await this.cache.delete(key(id));
  }
}

function key(id: string): string {
  return `session:${id}`;
}

/** 32 random bytes, base64url (43 characters). */
export function token(): string {
  return randomBytes(32).toString('base64url');
}
