import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlogApiController } from './blog-api.controller';
import { BlogPagesController } from './blog-pages.controller';
import { Post } from './post.entity';
import { ProductWorkflowsModule } from '../workflows/product-workflows.module';

/** The blog: posts (migration 003), pages and `/api/posts`; BlogService, PostRepository and the `import-posts` actions come with ProductWorkflowsModule. */
@Module({
  imports: [TypeOrmModule.forFeature([Post]), ProductWorkflowsModule],
  controllers: [BlogPagesController, BlogApiController],
  exports: [ProductWorkflowsModule],
})
export class BlogModule {}
