import { CacheAdapter, SqlAdapter, StorageAdapter } from '@acb/adapters';
import { type EventEnvelope, OnAcbEvent } from '@acb/events';
import { AcbCron, AcbInterval, AcbTask, type TaskContext, UnrecoverableTaskError } from '@acb/queues';
import { Injectable, Logger } from '@nestjs/common';
import { Outbox } from '../tasks/outbox.service';
import { type OrderTaskPayload, PRODUCT_TASKS, type PostTaskPayload, UPDATE_ANALYTICS_HANDLER, viewsKey } from './product-task-names';

/** Where generate_sitemap writes, in the storage adapter. */
export const SITEMAP_PATH = 'sitemap.xml';

/**
 * The product's background work (the seed's BlogService tasks, the order tasks, the `page.viewed` analytics handler
 * routed through the queue, and the schedules). Runs wherever the queue is consumed: in the API on the memory
 * backend, in apps/worker on redis/rabbitmq. Every task is safe to run twice (at-least-once delivery).
 */
@Injectable()
export class ProductTasks {
  private readonly logger = new Logger('ProductTasks');

  constructor(
    private readonly sql: SqlAdapter,
    private readonly storage: StorageAdapter,
    private readonly cache: CacheAdapter,
    private readonly outbox: Outbox,
  ) {}

  /** Rewrites sitemap.xml from every post. */
  @AcbTask(PRODUCT_TASKS.generateSitemap, { maxRetries: 3 })
  async generateSitemap(): Promise<{ urls: number }> {
    const posts = await this.sql.fetchAll<{ id: number }>('SELECT id FROM posts ORDER BY id');
    const urls = ['/', '/posts', ...posts.map((post) => `/posts/${post.id}`)];
    const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls.map((url) => `  <url><loc>${url}</loc></url>`).join('\n')}\n</urlset>\n`;
    await this.storage.write(SITEMAP_PATH, xml);
    return { urls: urls.length };
  }

  /** Tells the other users about a new post (one outbox message per task: a redelivery sends nothing twice). */
  @AcbTask(PRODUCT_TASKS.sendNotifications, { maxRetries: 3 })
  async sendNotifications(payload: PostTaskPayload, ctx: TaskContext): Promise<{ recipients: number }> {
    const post = await this.post(payload);
    const recipients = await this.sql.fetchAll<{ email: string }>('SELECT email FROM users WHERE id <> ? ORDER BY id LIMIT 100', [post.author_id]);
    for (const [index, recipient] of recipients.entries()) {
      this.outbox.deliver({ messageId: `${ctx.taskId}:${index}`, recipient: recipient.email, subject: `New post: ${post.title}`, body: `/posts/${post.id}`, sentAt: Date.now() });
    }
    return { recipients: recipients.length };
  }

  /** Indexes a post's words (storage adapter `search/posts/<id>.json`). */
  @AcbTask(PRODUCT_TASKS.updateSearchIndex, { priority: 'low', maxRetries: 3 })
  async updateSearchIndex(payload: PostTaskPayload): Promise<{ postId: number; terms: number }> {
    const post = await this.post(payload);
    const text = `${post.title} ${post.body_html.replace(/<[^>]*>/g, ' ')}`.toLowerCase();
    const terms = [...new Set(text.match(/[\p{L}\p{N}]{3,}/gu) ?? [])].sort();
    await this.storage.write(`search/posts/${post.id}.json`, JSON.stringify({ postId: post.id, title: post.title, terms }));
    return { postId: post.id, terms: terms.length };
  }

  /** The payment provider call of an order (idempotent per order: the payment id is derived from it). */
  @AcbTask(PRODUCT_TASKS.processPayment, { priority: 'high', maxRetries: 5 })
  processPayment(payload: OrderTaskPayload): { orderId: number; paymentReference: string; amountCents: number } {
    this.order(payload);
    return { orderId: payload.orderId, paymentReference: `ref-order-${payload.orderId}`, amountCents: payload.totalCents };
  }

  @AcbTask(PRODUCT_TASKS.sendConfirmation, { maxRetries: 3 })
  sendConfirmation(payload: OrderTaskPayload, ctx: TaskContext): { messageId: string } {
    this.order(payload);
    const message = this.outbox.deliver({ messageId: ctx.taskId, recipient: payload.recipient, subject: `Order ${payload.orderId} confirmed`, body: `Total ${(payload.totalCents / 100).toFixed(2)}`, sentAt: Date.now() });
    return { messageId: message.messageId };
  }

  /** Enqueued with a delay by the API (enqueueIn). */
  @AcbTask(PRODUCT_TASKS.sendShippingUpdate, { priority: 'low', maxRetries: 3 })
  sendShippingUpdate(payload: OrderTaskPayload, ctx: TaskContext): { messageId: string } {
    this.order(payload);
    const message = this.outbox.deliver({ messageId: ctx.taskId, recipient: payload.recipient, subject: `Order ${payload.orderId} shipped`, body: 'Your parcel is on its way.', sentAt: Date.now() });
    return { messageId: message.messageId };
  }

  /** The seed's `update_analytics`: counts views per path in the cache adapter. Runs as a queue task (viaQueue). */
  @OnAcbEvent('page.viewed', { viaQueue: true, name: UPDATE_ANALYTICS_HANDLER, maxRetries: 3 })
  async updateAnalytics(payload: { path?: unknown }, _event: EventEnvelope): Promise<void> {
    if (typeof payload?.path !== 'string' || payload.path.length > 300) return;
    await this.cache.increment(viewsKey(payload.path));
  }

  /** The seed's nightly `daily_backup` (midnight): every post as JSON in the storage adapter. */
  @AcbCron('0 0 * * *', { name: 'daily_backup' })
  async dailyBackup(): Promise<number> {
    const posts = await this.sql.fetchAll('SELECT * FROM posts ORDER BY id');
    await this.storage.write(`backups/daily-${new Date().toISOString().slice(0, 10)}.json`, JSON.stringify(posts));
    return posts.length;
  }

  /** The seed's five-minute `health_check`: pings the adapters and logs the outcome. */
  @AcbInterval({ minutes: 5, name: 'health_check' })
  async healthCheck(): Promise<boolean> {
    const results = await Promise.allSettled([this.sql.ping(), this.cache.ping(), this.storage.ping()]);
    const healthy = results.every((result) => result.status === 'fulfilled');
    if (healthy) this.logger.log('health check: sql, cache and storage answer');
    else this.logger.warn('health check: an adapter does not answer');
    return healthy;
  }

  private async post(payload: PostTaskPayload): Promise<{ id: number; title: string; body_html: string; author_id: number }> {
    const id = Number(payload?.postId);
    if (!Number.isSafeInteger(id) || id < 1) throw new UnrecoverableTaskError(`needs a postId, got ${JSON.stringify(payload?.postId)}`);
    const post = await this.sql.fetchOne<{ id: number; title: string; body_html: string; author_id: number }>('SELECT id, title, body_html, author_id FROM posts WHERE id = ?', [id]);
    if (!post) throw new Error(`post ${id} not found (yet)`);
    return post;
  }

  private order(payload: OrderTaskPayload): void {
    if (!payload || !Number.isSafeInteger(payload.orderId) || typeof payload.recipient !== 'string' || !Number.isSafeInteger(payload.totalCents)) {
      throw new UnrecoverableTaskError('an order task needs orderId, recipient and totalCents');
    }
  }
}
