import type { WorkflowDefinitionInit } from '@acb/workflows';
import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { BlogService } from '../blog/blog.service';
import { ImportPostsActions, importPostsWorkflow } from '../blog/import-posts.workflow';
import { Post } from '../blog/post.entity';
import { PostRepository } from '../blog/post.repository';
import { OrderFulfillmentActions, orderFulfillmentWorkflow } from '../orders/order-fulfillment.workflow';
import { Order } from '../orders/order.entity';
import { OrderRepository } from '../orders/order.repository';
import { User } from '../users/user.entity';
import { UserRepository } from '../users/user.repository';

/** The product's workflows, registered by apps/api and apps/worker alike (`workflows.definitions` of AcbModule). */
export const PRODUCT_WORKFLOWS: readonly WorkflowDefinitionInit[] = [orderFulfillmentWorkflow, importPostsWorkflow];

/**
 * The `@WorkflowAction` providers of `order-fulfillment` and `import-posts` with what they need (the posts, orders
 * and users repositories, BlogService). Imported by apps/api and apps/worker: with the basic engine the API runs the
 * steps; with the queue engine (the distributed profile) any process consuming the queue does, so each must know
 * the same actions and definitions.
 */
@Module({
  imports: [TypeOrmModule.forFeature([Order, User, Post])],
  providers: [OrderRepository, UserRepository, PostRepository, BlogService, OrderFulfillmentActions, ImportPostsActions],
  exports: [OrderRepository, UserRepository, PostRepository, BlogService],
})
export class ProductWorkflowsModule {}
