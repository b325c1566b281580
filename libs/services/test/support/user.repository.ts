import { Repository, type RepositoryContext, type RepositoryContextOptions, type RepositoryOptions } from '../../src';
import type { userEntity, UserEntity } from './user.entity';

/** A repository subclass with a custom finder, as users write them. */
export function userRepositoryClass(User: ReturnType<typeof userEntity>, options: RepositoryOptions = {}) {
  class UserRepository extends Repository<UserEntity> {
    constructor(context: RepositoryContext | RepositoryContextOptions) {
      super(User, context, options);
    }

    findByEmail(email: string): Promise<UserEntity | null> {
      return this.findOne({ email });
    }
  }
  return UserRepository;
}
