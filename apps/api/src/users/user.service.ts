import { AcbService, ConflictError, NotFoundError, type Page, ServiceBase, UnitOfWork, ServiceValidationError } from '@acb/services';
import { SAMPLE_TASKS, type SendEmailPayload } from '../tasks/sample-tasks';
import { CreateUserSchema } from './create-user.schema';
import { ListUsersQuery } from './list-users.query';
import { User } from './user.entity';
import { UserRepository } from './user.repository';
import { USER_COUNT_CACHE_KEY } from './user-stats.listener';
import { USER_CREATED, type UserCreatedPayload } from './users.events';
import { UsersMessages } from './users.messages';

/** How long the cached user count lives (the `user.created` listener drops it sooner). */
export const COUNT_TTL_SECONDS = 300;

/** A user just created, with the id of its welcome mail task (watch it at `GET /tasks/:id`). */
export interface CreatedUser {
  user: User;
  welcomeTaskId: string;
}

/**
 * The seed's UserService: validate, refuse duplicates, store inside a unit of work, emit `user.created`, enqueue
 * the welcome mail. Reads go through the cached repository.
 */
@AcbService({ name: 'users', version: '1.0.0', capabilities: ['users.create', 'users.read'] })
export class UserService extends ServiceBase {
  constructor(
    private readonly users: UserRepository,
    private readonly uow: UnitOfWork,
  ) {
    super();
  }

  /**
   * Creates a user from untrusted input.
   * @throws ServiceValidationError with every failing field; ConflictError when the email is taken.
   */
  async createUser(data: unknown): Promise<CreatedUser> {
    const result = await this.validation.validate(data, CreateUserSchema);
    if (!result.isValid) throw new ServiceValidationError(result.errors);
    const input = result.value as CreateUserSchema;

    const user = await this.uow.run(async (uow) => {
      const users = uow.getRepository(UserRepository);
      if (await users.findByEmail(input.email)) throw new ConflictError(UsersMessages.duplicateEmail(input.email));
      try {
        return await users.create({ email: input.email, name: input.name });
      } catch (error) {
        // NOTE: two requests with one email can both pass the check above; the UNIQUE index decides.
        if (isUniqueViolation(error)) throw new ConflictError(UsersMessages.duplicateEmail(input.email), { cause: error });
        throw error;
      }
    });

    const created: UserCreatedPayload = { userId: user.id, email: user.email };
    await this.events.emit(USER_CREATED, created);
    const welcome: SendEmailPayload = {
      recipient: user.email,
      subject: UsersMessages.welcomeSubject(user.name),
      body: UsersMessages.welcomeBody(user.name),
    };
    const task = await this.queue.enqueue(SAMPLE_TASKS.sendEmail, welcome);
    this.logger.log(UsersMessages.userCreated(user.id, task.id));
    return { user, welcomeTaskId: task.id };
  }

  /** The user with this id (a cached read). @throws NotFoundError */
  async getUser(id: number): Promise<User> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundError('User', id);
    return user;
  }

  /**
   * One page of users ordered by id (cached until the next write). `query` is the raw `?page=&limit=`.
   * @throws ServiceValidationError when page or limit is not a positive integer (limit at most MAX_PAGE_SIZE).
   */
  async listUsers(query: unknown): Promise<Page<User>> {
    const result = await this.validation.validate(query ?? {}, ListUsersQuery);
    if (!result.isValid) throw new ServiceValidationError(result.errors);
    const { page, limit } = result.value as ListUsersQuery;
    return this.users.find({}, { page, limit, order: { id: 'ASC' } });
  }

  /**
   * How many users exist, kept in the cache under USER_COUNT_CACHE_KEY for COUNT_TTL_SECONDS; the
   * `user.created` listener drops it.
   */
  async countUsers(): Promise<number> {
    return this.cache.wrap(USER_COUNT_CACHE_KEY, COUNT_TTL_SECONDS, () => this.users.count());
  }
}

/** A UNIQUE constraint failure on SQLite (better-sqlite3) or PostgreSQL (23505). */
export function isUniqueViolation(error: unknown): boolean {
  const candidates = [error, (error as { driverError?: unknown } | null)?.driverError];
  return candidates.some((candidate) => {
    const code = (candidate as { code?: unknown } | null)?.code;
    return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE';
  });
}
