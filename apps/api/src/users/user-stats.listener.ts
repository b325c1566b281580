import { CacheAdapter } from '@acb/adapters';
import { type EventEnvelope, OnAcbEvent } from '@acb/events';
import { AcbLogger } from '@acb/logger';
import { Injectable } from '@nestjs/common';
import { USER_CREATED, type UserCreatedPayload } from './users.events';
import { UsersMessages } from './users.messages';

/** Cache key of the user count served by `GET /users/stats`. */
export const USER_COUNT_CACHE_KEY = 'api:users:count';

/** One audit line kept by the listener. */
export interface UserAuditEntry {
  eventId: string;
  userId: number;
  email: string;
  at: string;
}

/**
 * The seed's event pattern: on `user.created`, drop the cached user count (so `GET /users/stats` is fresh) and
 * write an audit line (a JSON log line carrying the event id from the logging context). Keeps the last `AUDIT_SIZE` entries in memory for `GET /users/audit`.
 */
@Injectable()
export class UserStatsListener {
  static readonly AUDIT_SIZE = 100;
  private readonly audit: UserAuditEntry[] = [];

  constructor(
    private readonly cache: CacheAdapter,
    private readonly logger: AcbLogger,
  ) {}

  @OnAcbEvent(USER_CREATED, { maxRetries: 3 })
  async onUserCreated(payload: UserCreatedPayload, event: EventEnvelope): Promise<void> {
    await this.cache.delete(USER_COUNT_CACHE_KEY);
    this.audit.push({ eventId: event.id, userId: payload.userId, email: payload.email, at: new Date().toISOString() });
    if (this.audit.length > UserStatsListener.AUDIT_SIZE) this.audit.shift();
    this.logger.info(UsersMessages.audit, { audit: USER_CREATED, userId: payload.userId, email: payload.email });
  }

  /** The most recent audit entries, oldest first. */
  entries(): UserAuditEntry[] {
    return this.audit.map((entry) => ({ ...entry }));
  }
}
