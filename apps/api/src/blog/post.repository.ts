import { Repository, RepositoryContext } from '@acb/services';
import { Injectable } from '@nestjs/common';
import { Post } from './post.entity';

/** Posts with the services repository cache on: reads cached in the cache adapter, every write invalidates them. */
@Injectable()
export class PostRepository extends Repository<Post> {
  constructor(context: RepositoryContext) {
    super(Post, context, { cache: true });
  }
}
