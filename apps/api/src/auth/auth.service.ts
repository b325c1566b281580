import { AcbService, ConflictError, ServiceBase, ServiceValidationError, UnitOfWork } from '@acb/services';
import { User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';
import { USER_CREATED, type UserCreatedPayload } from '../users/users.events';
import { UsersMessages } from '../users/users.messages';
import { isUniqueViolation } from '../users/user.service';
import type { SessionUser } from '../web/session';
import { AuthenticationError } from './authentication.error';
import { TooManyAttemptsError } from './too-many-attempts.error';
import { LoginSchema, RegisterSchema } from './auth.schemas';
import { dummyHash, hashPassword, verifyPassword } from './password';
import { UserCredential } from './user-credential.entity';

/** Name of the event emitted after a successful log-in (the seed's `authenticate`). */
export const USER_AUTHENTICATED = 'user.authenticated';
/** Failed log-ins allowed per email within the window, and the window in seconds. */
export const MAX_FAILED_LOGINS = 5;
export const FAILED_LOGIN_WINDOW_SECONDS = 15 * 60;

/**
 * Accounts: register (validated, scrypt hash, one transaction for the user and its credential) and the seed's
 * `authenticate` (constant-time check, `user.authenticated` event, failures counted per email in the cache adapter).
 */
@AcbService({ name: 'auth', version: '1.0.0', capabilities: ['auth.register', 'auth.authenticate'] })
export class AuthService extends ServiceBase {
  constructor(
    private readonly users: UserRepository,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  /** @throws ServiceValidationError (every field), ConflictError (email taken). */
  async register(data: unknown): Promise<SessionUser> {
    const result = await this.validation.validate(data, RegisterSchema, { forbidNonWhitelisted: true });
    if (!result.isValid) throw new ServiceValidationError(result.errors);
    const input = result.value as RegisterSchema;
    const passwordHash = await hashPassword(input.password);
    const user = await this.uow.run(async (uow) => {
      const users = uow.getRepository(UserRepository);
      if (await users.findByEmail(input.email)) throw new ConflictError(UsersMessages.duplicateEmail(input.email));
      let created: User;
      try {
        created = await users.create({ email: input.email, name: input.name });
      } catch (error) {
        if (isUniqueViolation(error)) throw new ConflictError(UsersMessages.duplicateEmail(input.email), { cause: error });
        throw error;
      }
      await uow.getRepository(UserCredential).create({ userId: created.id, passwordHash, updatedAt: new Date().toISOString() });
      return created;
    });
    await this.events.emit(USER_CREATED, { userId: user.id, email: user.email } satisfies UserCreatedPayload);
    return { id: user.id, email: user.email, name: user.name };
  }

  /**
   * The seed's `authenticate`. @throws ServiceValidationError, AuthenticationError, TooManyAttemptsError (after
   * MAX_FAILED_LOGINS failures for this email within FAILED_LOGIN_WINDOW_SECONDS, even with the right password).
   */
  async authenticate(data: unknown): Promise<SessionUser> {
    const result = await this.validation.validate(data, LoginSchema, { forbidNonWhitelisted: true });
    if (!result.isValid) throw new ServiceValidationError(result.errors);
    const { email, password } = result.value as LoginSchema;
    const failuresKey = `auth:failures:${email}`;
    const failures = (await this.cache.get<number>(failuresKey)) ?? 0;
    if (failures >= MAX_FAILED_LOGINS) throw new TooManyAttemptsError((await this.cache.ttl(failuresKey)) ?? FAILED_LOGIN_WINDOW_SECONDS);

    const user = await this.users.findByEmail(email);
    const credential = user ? await this.uow.run((uow) => uow.getRepository(UserCredential).findById(user.id)) : null;
    const ok = await verifyPassword(password, credential?.passwordHash ?? (await dummyHash()));
    if (!user || !credential || !ok) {
      const count = await this.cache.increment(failuresKey);
      if (count === 1) await this.cache.set(failuresKey, count, FAILED_LOGIN_WINDOW_SECONDS);
      this.incrementMetric('logins_failed');
      throw new AuthenticationError();
    }
    await this.cache.delete(failuresKey);
    this.incrementMetric('logins');
    await this.events.emit(USER_AUTHENTICATED, { userId: user.id });
    return { id: user.id, email: user.email, name: user.name };
  }
}
