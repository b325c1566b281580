import { MemoryLogDestination } from '@acb/logger';
import { Queue } from '@acb/queues';
import { WorkflowService } from '@acb/workflows';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { DEMO_USER } from '../src/demo/demo.module';
import { viewsKey } from '../../worker/src/product/product-task-names';
import { CacheAdapter } from '@acb/adapters';

jest.setTimeout(30_000);

async function startApi(demo = false): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forRoot(
        { settingsDir: '/nonexistent/acb-api-product-settings', values: { app: { name: 'api-product-test' }, sql: { database: ':memory:' } }, env: {}, logger: { destination: new MemoryLogDestination() } },
        { demo },
      ),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

/** The form's CSRF token and the session cookie from a page. */
async function formSession(agent: request.Agent, path: string): Promise<string> {
  const page = await agent.get(path).set('accept', 'text/html').expect(200);
  const match = /name="_csrf" value="([^"]+)"/.exec(page.text);
  if (!match) throw new Error(`no CSRF token on ${path}`);
  return match[1]!;
}

async function until<T>(fn: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await fn();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('apps/api product: pages and /api on the embedded defaults', () => {
  let app: INestApplication;

  beforeEach(async () => {
    app = await startApi();
  });

  afterEach(async () => {
    await app.close();
  });

  it('register through the form (CSRF token bound to the session), then the pages know the user; log out ends it', async () => {
    const agent = request.agent(app.getHttpServer());
    const csrf = await formSession(agent, '/register');
    await agent.post('/register').type('form').send({ email: 'ann@example.com', name: 'Ann', password: 'correct horse' }).expect(403);
    const registered = await agent.post('/register').type('form').send({ _csrf: csrf, email: 'ann@example.com', name: 'Ann', password: 'correct horse' }).expect(303);
    expect(registered.headers.location).toBe('/');
    const home = await agent.get('/').set('accept', 'text/html').expect(200);
    expect(home.text).toContain('data-testid="signed-in-as">Ann<');
    // The session id changed at sign-in: the anonymous token no longer works.
    await agent.post('/logout').type('form').send({ _csrf: csrf }).expect(403);
    const token = /name="_csrf" value="([^"]+)"/.exec(home.text)![1];
    await agent.post('/logout').type('form').send({ _csrf: token }).expect(303);
    const after = await agent.get('/posts/new').set('accept', 'text/html').expect(303);
    expect(after.headers.location).toBe('/login?next=%2Fposts%2Fnew');
  });

  it('a bad form is re-rendered with 400 and the field messages; a taken email is 409; unknown fields are 400', async () => {
    const agent = request.agent(app.getHttpServer());
    const csrf = await formSession(agent, '/register');
    const bad = await agent.post('/register').type('form').send({ _csrf: csrf, email: 'nope', name: 'A', password: 'short' }).expect(400);
    expect(bad.text).toContain('data-field="email">email must be an email');
    expect(bad.text).toContain('data-field="password">password must be longer than or equal to 8 characters');
    expect(bad.text).not.toMatch(/at .*\.ts:\d+/);

    const api = request(app.getHttpServer());
    await api.post('/api/auth/register').send({ email: 'bob@example.com', name: 'Bob', password: 'password-1' }).expect(201);
    const conflict = await api.post('/api/auth/register').send({ email: 'BOB@example.com', name: 'Bob', password: 'password-1' }).expect(409);
    expect(conflict.body).toMatchObject({ statusCode: 409, error: 'CONFLICT' });
    const unknown = await api.post('/api/auth/register').send({ email: 'cat@example.com', name: 'Cat', password: 'password-1', isAdmin: true }).expect(400);
    expect(unknown.body.fields.map((field: { path: string }) => field.path)).toEqual(['isAdmin']);
  });

  it('log in over JSON: 401 for a wrong password, 429 after five failures (even with the right one)', async () => {
    const api = request(app.getHttpServer());
    await api.post('/api/auth/register').send({ email: 'dan@example.com', name: 'Dan', password: 'password-1' }).expect(201);
    const ok = await api.post('/api/auth/login').send({ email: 'dan@example.com', password: 'password-1' }).expect(200);
    expect(ok.body).toMatchObject({ user: { email: 'dan@example.com', name: 'Dan' }, csrfToken: expect.any(String) });
    expect(ok.headers['set-cookie']?.[0]).toMatch(/^acb_sid=[\w-]{43}; .*HttpOnly; SameSite=Lax/);
    for (let i = 0; i < 5; i++) await api.post('/api/auth/login').send({ email: 'dan@example.com', password: 'wrong-password' }).expect(401);
    const limited = await api.post('/api/auth/login').send({ email: 'dan@example.com', password: 'password-1' }).expect(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    await api.post('/api/auth/login').send({ email: 'nobody@example.com', password: 'whatever-1' }).expect(401);
  });

  it('publish a post: sanitized body, cached reads invalidated on write, tasks run, page.viewed counted through the queue', async () => {
    const agent = request.agent(app.getHttpServer());
    const login = await agent.post('/api/auth/register').send({ email: 'eve@example.com', name: 'Eve', password: 'password-1' }).expect(201);
    const csrf = login.body.csrfToken as string;
    await agent.post('/api/posts').send({ title: 'Hello', body: '<p>x</p>' }).expect(403);
    const before = await agent.get('/api/posts').expect(200);
    expect(before.body.total).toBe(0);
    const post = await agent
      .post('/api/posts')
      .set('x-csrf-token', csrf)
      .send({ title: 'Hello <b>world</b>', body: '<p onclick="x()">Hi <script>alert(1)</script><a href="javascript:alert(1)">a</a><strong>b</strong></p>' })
      .expect(201);
    expect(post.body.bodyHtml).toBe('<p>Hi <a>a</a><strong>b</strong></p>');
    expect((await agent.get('/api/posts').expect(200)).body.total).toBe(1);

    const page = await agent.get(`/posts/${post.body.id}`).set('accept', 'text/html').expect(200);
    expect(page.text).toContain('Hello &lt;b&gt;world&lt;/b&gt;');
    expect(page.text).not.toContain('<script>alert');

    const queue = app.get(Queue);
    const cache = app.get(CacheAdapter);
    const views = await until(() => cache.get<number>(viewsKey(`/posts/${post.body.id}`)), (count) => count === 1);
    expect(views).toBe(1);
    const done = await until(
      async () => (await queue.getPendingTasks()).length,
      (count) => count === 0,
    );
    expect(done).toBe(0);
    expect(await queue.deadLetters()).toEqual([]);
    await agent.post('/api/posts').set('x-csrf-token', csrf).send({ title: 'x', body: '' }).expect(400);
    await agent.get('/api/posts/999').expect(404);
  });

  it('place an order: the order-fulfillment run completes (validate, charge, ship, notify) and the order page shows it', async () => {
    const agent = request.agent(app.getHttpServer());
    const login = await agent.post('/api/auth/register').send({ email: 'fay@example.com', name: 'Fay', password: 'password-1' }).expect(201);
    const csrf = login.body.csrfToken as string;
    await agent.post('/api/orders').set('x-csrf-token', csrf).send({ items: [] }).expect(400);
    const order = await agent.post('/api/orders').set('x-csrf-token', csrf).send({ items: [{ sku: 'book-acb', quantity: 2, unitPriceCents: 2900 }] }).expect(201);
    expect(order.body).toMatchObject({ totalCents: 5800, status: 'placed', runId: expect.any(String) });
    const run = await app.get(WorkflowService).wait(order.body.runId);
    expect(run.state).toBe('COMPLETED');
    expect(Object.values(run.stepResults).map((step) => step.state)).toEqual(['COMPLETED', 'COMPLETED', 'COMPLETED', 'COMPLETED']);
    const view = await agent.get(`/api/orders/${order.body.id}`).expect(200);
    expect(view.body.order).toMatchObject({ status: 'fulfilled', paymentId: expect.stringMatching(/^pay_/), trackingNumber: expect.stringMatching(/^TRK/) });
    const block = await agent.get(`/orders/${order.body.id}/workflow`).set('accept', 'text/html').expect(200);
    expect(block.text).toContain('data-testid="workflow-state">COMPLETED<');
    expect(block.text).not.toContain('hx-trigger');
    expect(block.text).toContain('data-step="charge" data-state="COMPLETED"');

    const other = request.agent(app.getHttpServer());
    await other.post('/api/auth/register').send({ email: 'gus@example.com', name: 'Gus', password: 'password-1' }).expect(201);
    await other.get(`/api/orders/${order.body.id}`).expect(404);

    const ops = await agent.get('/operations').set('accept', 'text/html').expect(200);
    expect(ops.text).toContain('order-fulfillment');
    expect(ops.text).toContain('<svg class="dag"');
    const snapshot = await agent.get('/api/operations').expect(200);
    expect(snapshot.body.queue.counts).toHaveProperty('completed');
    expect(snapshot.body.services.map((service: { name: string }) => service.name)).toEqual(expect.arrayContaining(['auth', 'blog', 'orders']));
  });

  it('a dead letter shows on the operations page and its retry button runs it again', async () => {
    const queue = app.get(Queue);
    const dead = await queue.enqueue('process_payment', { orderId: 'not-a-number' });
    const first = await until(() => queue.getTask(dead.id), (task) => task?.status === 'dead');
    expect(first?.status).toBe('dead');

    const agent = request.agent(app.getHttpServer());
    await agent.post('/api/auth/register').send({ email: 'jon@example.com', name: 'Jon', password: 'password-1' }).expect(201);
    const page = await agent.get('/operations').set('accept', 'text/html').expect(200);
    expect(page.text).toContain(`/operations/dead-letters/${dead.id}/retry`);
    const csrf = /name="_csrf" value="([^"]+)"/.exec(page.text)![1];
    await agent.post(`/operations/dead-letters/${dead.id}/retry`).type('form').send({ _csrf: csrf }).expect(303);
    const again = await until(() => queue.getTask(dead.id), (task) => task?.status === 'dead' && task.startedAt !== first?.startedAt);
    expect(again?.startedAt).not.toBe(first?.startedAt);
    await agent.post('/operations/dead-letters/no-such-task/retry').set('accept', 'text/html').type('form').send({ _csrf: csrf }).expect(404);
  });

  it('import-posts runs its five steps and stores the posts', async () => {
    const agent = request.agent(app.getHttpServer());
    const login = await agent.post('/api/auth/register').send({ email: 'hal@example.com', name: 'Hal', password: 'password-1' }).expect(201);
    const started = await agent
      .post('/api/posts/import')
      .set('x-csrf-token', login.body.csrfToken)
      .send({ posts: [{ title: 'One', body: '<p>1</p>' }, { title: 'Two', body: '<img src=x onerror=alert(1)>2' }] })
      .expect(202);
    const run = await app.get(WorkflowService).wait(started.body.runId);
    expect(run.state).toBe('COMPLETED');
    expect(Object.keys(run.stepResults)).toEqual(['validate', 'backup', 'import', 'reindex', 'notify']);
    const posts = (await agent.get('/api/posts').expect(200)).body.items as Array<{ title: string; bodyHtml: string }>;
    expect(posts.map((post) => post.bodyHtml).sort()).toEqual(['2', '<p>1</p>']);
  });

  it('errors: HTML 404 page without a stack, JSON 404 under /api, 403 page for a form without token', async () => {
    const notFound = await request(app.getHttpServer()).get('/no-such-page').set('accept', 'text/html').expect(404);
    expect(notFound.text).toContain('data-testid="error-status">404<');
    expect(notFound.headers['content-type']).toMatch(/text\/html/);
    const api = await request(app.getHttpServer()).get('/api/no-such-thing').expect(404);
    expect(api.body.statusCode).toBe(404);
    const forbidden = await request(app.getHttpServer()).post('/login').set('accept', 'text/html').type('form').send({ email: 'a@b.c', password: 'x' }).expect(403);
    expect(forbidden.text).toContain('CSRF token missing or invalid');
    const malformed = await request(app.getHttpServer()).post('/api/auth/login').set('content-type', 'application/json').send('{"email":').expect(400);
    expect(JSON.stringify(malformed.body)).not.toMatch(/node_modules|at .*:\d+:\d+/);
    await request(app.getHttpServer()).get('/assets/htmx.min.js').expect(200).expect('content-type', /javascript/);
  });
});

describe('apps/api product: metrics', () => {
  it('/metrics (monitoring: prometheus) exposes the product counters of the services', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [
        AppModule.forRoot({
          settingsDir: '/nonexistent/acb-api-product-settings',
          values: { app: { name: 'api-metrics-test' }, sql: { database: ':memory:' }, adapters: { monitoring: 'prometheus' } },
          env: {},
          logger: { destination: new MemoryLogDestination() },
        }),
      ],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    try {
      const agent = request.agent(app.getHttpServer());
      const login = await agent.post('/api/auth/register').send({ email: 'ivy@example.com', name: 'Ivy', password: 'password-1' }).expect(201);
      const order = await agent.post('/api/orders').set('x-csrf-token', login.body.csrfToken).send({ items: [{ sku: 'MUG-NEST', quantity: 1, unitPriceCents: 1250 }] }).expect(201);
      await app.get(WorkflowService).wait(order.body.runId);
      await request(app.getHttpServer()).post('/api/auth/login').send({ email: 'ivy@example.com', password: 'wrong-password' }).expect(401);
      const metrics = await request(app.getHttpServer()).get('/metrics').expect(200);
      expect(metrics.text).toMatch(/acb_service_metric\{service="orders",metric="orders_placed"\} 1/);
      expect(metrics.text).toMatch(/acb_service_metric\{service="orders",metric="orders_fulfilled"\} 1/);
      expect(metrics.text).toMatch(/acb_service_metric\{service="auth",metric="logins_failed"\} 1/);
    } finally {
      await app.close();
    }
  });
});

describe('apps/api product: demo data', () => {
  it('AppModule.forRoot(options, { demo: true }) seeds the demo user and posts, and the demo user can log in', async () => {
    const app = await startApi(true);
    try {
      const posts = await request(app.getHttpServer()).get('/api/posts').expect(200);
      expect(posts.body.total).toBe(3);
      await request(app.getHttpServer()).post('/api/auth/login').send({ email: DEMO_USER.email, password: DEMO_USER.password }).expect(200);
    } finally {
      await app.close();
    }
  });
});
