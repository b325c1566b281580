import { CacheAdapter, SqlAdapter, StorageAdapter } from '@acb/adapters';
import { EventPublisher } from '@acb/events';
import { MemoryLogDestination } from '@acb/logger';
import { Queue, Scheduler, type TaskRecord } from '@acb/queues';
import { Test, type TestingModule } from '@nestjs/testing';
import { API_MIGRATIONS } from '../../api/src/migrations';
import { PRODUCT_TASKS, viewsKey } from '../src/product/product-task-names';
import { SITEMAP_PATH } from '../src/product/product.tasks';
import { Outbox } from '../src/tasks/outbox.service';
import { WorkerModule } from '../src/worker.module';

jest.setTimeout(30_000);

async function settled(queue: Queue, id: string): Promise<TaskRecord | undefined> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const record = await queue.getTask(id);
    if (record?.status === 'completed' || record?.status === 'dead' || Date.now() > deadline) return record;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('apps/worker: the product tasks, the viaQueue handler and the schedules', () => {
  let module: TestingModule;

  beforeAll(async () => {
    module = await Test.createTestingModule({
      imports: [
        WorkerModule.forRoot({
          settingsDir: '/nonexistent/acb-worker-product-settings',
          values: { app: { name: 'worker-product-test' }, sql: { database: ':memory:' } },
          env: {},
          logger: { destination: new MemoryLogDestination() },
          // The API's tables, so the tasks have posts and users to read.
          migrations: { migrations: API_MIGRATIONS, runOnStartup: true },
        }),
      ],
    }).compile();
    await module.init();
    const sql = module.get(SqlAdapter);
    await sql.execute("INSERT INTO users (email, name) VALUES ('ann@example.com', 'Ann'), ('bob@example.com', 'Bob')");
    await sql.execute("INSERT INTO posts (title, body_html, author_id, author_name, created_at) VALUES ('Hello world', '<p>First <b>post</b> here</p>', 1, 'Ann', '2026-12-06T00:00:00.000Z')");
  });

  afterAll(() => module.close());

  it('generate_sitemap writes sitemap.xml with every post; update_search_index stores the terms; send_notifications mails the others', async () => {
    const queue = module.get(Queue);
    const storage = module.get(StorageAdapter);
    const sitemap = await settled(queue, (await queue.enqueue(PRODUCT_TASKS.generateSitemap, {})).id);
    expect(sitemap).toMatchObject({ status: 'completed', result: { urls: 3 } });
    expect((await storage.read(SITEMAP_PATH)).toString()).toContain('<loc>/posts/1</loc>');

    const index = await settled(queue, (await queue.enqueue(PRODUCT_TASKS.updateSearchIndex, { postId: 1 })).id);
    expect(index).toMatchObject({ status: 'completed' });
    expect(JSON.parse((await storage.read('search/posts/1.json')).toString()).terms).toEqual(['first', 'hello', 'here', 'post', 'world']);

    const notified = await settled(queue, (await queue.enqueue(PRODUCT_TASKS.sendNotifications, { postId: 1 })).id);
    expect(notified).toMatchObject({ status: 'completed', result: { recipients: 1 } });
    expect(module.get(Outbox).sent().map((message) => message.recipient)).toContain('bob@example.com');
  });

  it('order tasks run; a malformed order payload is dead at once', async () => {
    const queue = module.get(Queue);
    const payload = { orderId: 7, recipient: 'ann@example.com', totalCents: 1250 };
    expect(await settled(queue, (await queue.enqueue(PRODUCT_TASKS.processPayment, payload)).id)).toMatchObject({ status: 'completed', result: { paymentReference: 'ref-order-7' } });
    expect(await settled(queue, (await queue.enqueue(PRODUCT_TASKS.sendConfirmation, payload)).id)).toMatchObject({ status: 'completed' });
    expect(await settled(queue, (await queue.enqueue(PRODUCT_TASKS.sendShippingUpdate, payload)).id)).toMatchObject({ status: 'completed' });
    expect(await settled(queue, (await queue.enqueue(PRODUCT_TASKS.processPayment, { orderId: 'x' })).id)).toMatchObject({ status: 'dead', attempts: 1 });
  });

  it('page.viewed is delivered through the queue to update_analytics, which counts views per path', async () => {
    const report = await module.get(EventPublisher).emit('page.viewed', { path: '/posts/1', postId: 1, at: new Date().toISOString() });
    expect(report.handlers).toEqual(expect.arrayContaining([expect.objectContaining({ status: 'queued' })]));
    const cache = module.get(CacheAdapter);
    const deadline = Date.now() + 10_000;
    while ((await cache.get<number>(viewsKey('/posts/1'))) !== 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(await cache.get<number>(viewsKey('/posts/1'))).toBe(1);
  });

  it('schedules the nightly daily_backup cron and the five-minute health_check', () => {
    const schedules = module.get(Scheduler).list();
    expect(schedules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'daily_backup', cron: '0 0 * * *' }),
        expect.objectContaining({ name: 'health_check', everyMs: 300_000 }),
      ]),
    );
  });
});
