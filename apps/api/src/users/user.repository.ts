import { Repository, RepositoryContext } from '@acb/services';
import { Injectable } from '@nestjs/common';
import { User } from './user.entity';

/** Users in the sql adapter's database, with the repository cache on (reads cached, every write invalidates). */
@Injectable()
export class UserRepository extends Repository<User> {
  constructor(context: RepositoryContext) {
    super(User, context, { cache: true });
  }

  /** The user with this email (emails are stored lower-cased), or `null`. */
  findByEmail(email: string): Promise<User | null> {
    return this.findOne({ email: email.toLowerCase() });
  }
}
