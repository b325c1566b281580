import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlogApiController } from './blog-api.controller';
import { BlogPagesController } from './blog-pages.controller';
import { BlogService } from './blog.service';
import { ImportPostsActions } from './import-posts.workflow';
import { Post } from './post.entity';
import { PostRepository } from './post.repository';

/** The blog: posts (migration 003), pages and `/api/posts`, the `import-posts` workflow's actions. */
@Module({
  imports: [TypeOrmModule.forFeature([Post])],
  controllers: [BlogPagesController, BlogApiController],
  providers: [PostRepository, BlogService, ImportPostsActions],
  exports: [BlogService, PostRepository],
})
export class BlogModule {}
