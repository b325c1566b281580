import { Repository, type RepositoryContext, type RepositoryContextOptions, type RepositoryOptions } from '../../src';
import type { userEntity, UserEntity } from './user.entity';

export interface UserRepositoryLike extends Repository<UserEntity> {
  findByEmail(email: string): Promise<UserEntity | null>;
}

export type UserRepositoryClass = new (context: RepositoryContext | RepositoryContextOptions) => UserRepositoryLike;

/** A repository subclass with a custom finder, as users write them (per table, for shared servers). */
export function userRepositoryClass(User: ReturnType<typeof userEntity>, options: RepositoryOptions = {}): UserRepositoryClass {
  return class UserRepository extends Repository<UserEntity> implements UserRepositoryLike {
    constructor(context: RepositoryContext | RepositoryContextOptions) {
      super(User, context, options);
    }

    findByEmail(email: string): Promise<UserEntity | null> {
      return this.findOne({ email });
    }
  };
}
