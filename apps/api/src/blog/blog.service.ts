import { AcbService, NotFoundError, type Page, ServiceBase, ServiceValidationError } from '@acb/services';
import { PRODUCT_TASKS, type PostTaskPayload, viewsKey } from '../../../worker/src/product/product-task-names';
import type { SessionUser } from '../web/session';
import { ImportPostsSchema, ListPostsQuery, PublishPostSchema } from './blog.schemas';
import { PAGE_VIEWED, POST_PUBLISHED, type PageViewedPayload, type PostPublishedPayload } from './blog.events';
import { Post } from './post.entity';
import { PostRepository } from './post.repository';

/** Posts per page of the list. */
export const POSTS_PER_PAGE = 10;

/**
 * The seed's BlogService: validate, sanitize the HTML body, store, emit `post.published`, enqueue
 * generate_sitemap, send_notifications and update_search_index. Reads go through the cached repository.
 */
@AcbService({ name: 'blog', version: '1.0.0', capabilities: ['posts.publish', 'posts.read'] })
export class BlogService extends ServiceBase {
  constructor(private readonly posts: PostRepository) {
    super();
  }

  /** @throws ServiceValidationError with every failing field. */
  async publish(author: SessionUser, data: unknown): Promise<Post> {
    const input = await this.validPost(data);
    const post = await this.posts.create({
      title: input.title,
      bodyHtml: this.validation.sanitizeHtml(input.body),
      authorId: author.id,
      authorName: author.name,
      createdAt: new Date().toISOString(),
    });
    await this.announce(post);
    this.incrementMetric('posts_published');
    return post;
  }

  /** Validates one post of a form, an API call or an import (unknown fields rejected). */
  async validPost(data: unknown): Promise<PublishPostSchema> {
    const result = await this.validation.validate(data, PublishPostSchema, { forbidNonWhitelisted: true });
    if (!result.isValid) throw new ServiceValidationError(result.errors);
    return result.value as PublishPostSchema;
  }

  /** The posts of an import request (`{ posts: [...] }`, unknown fields rejected). @throws ServiceValidationError */
  async validImport(data: unknown): Promise<Array<{ title: string; body: string }>> {
    const result = await this.validation.validate(data, ImportPostsSchema, { forbidNonWhitelisted: true });
    if (!result.isValid) throw new ServiceValidationError(result.errors);
    return (result.value as ImportPostsSchema).posts.map((post) => ({ title: post.title, body: post.body }));
  }

  /** `post.published` and the three background tasks of a stored post. */
  async announce(post: Post): Promise<void> {
    await this.events.emit(POST_PUBLISHED, { postId: post.id, authorId: post.authorId } satisfies PostPublishedPayload);
    const payload: PostTaskPayload = { postId: post.id };
    await this.queue.enqueue(PRODUCT_TASKS.generateSitemap, {});
    await this.queue.enqueue(PRODUCT_TASKS.sendNotifications, payload);
    await this.queue.enqueue(PRODUCT_TASKS.updateSearchIndex, payload);
  }

  /** Newest first. `query` is the raw `?page=`. */
  async list(query: unknown = {}): Promise<Page<Post>> {
    const result = await this.validation.validate(query ?? {}, ListPostsQuery);
    if (!result.isValid) throw new ServiceValidationError(result.errors);
    const { page } = result.value as ListPostsQuery;
    return this.posts.find({}, { page, limit: POSTS_PER_PAGE, order: { id: 'DESC' } });
  }

  /** A cached read. @throws NotFoundError */
  async get(id: number): Promise<Post> {
    const post = Number.isSafeInteger(id) && id > 0 ? await this.posts.findById(id) : null;
    if (!post) throw new NotFoundError('Post', id);
    return post;
  }

  /** Emits `page.viewed` (handled through the queue by `update_analytics`); does not wait for it. */
  async viewed(path: string, postId?: number): Promise<void> {
    await this.events.emit(PAGE_VIEWED, { path, postId, at: new Date().toISOString() } satisfies PageViewedPayload, { wait: false });
  }

  /** How many views `update_analytics` counted for `path`. */
  async views(path: string): Promise<number> {
    return (await this.cache.get<number>(viewsKey(path))) ?? 0;
  }
}
