import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqlAdapter } from '@acb/adapters';
import { MemoryLogDestination } from '@acb/logger';
import { Queue } from '@acb/queues';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { AppModule } from '../src/app.module';
import { SAMPLE_TASKS } from '../src/tasks/sample-tasks';
import { Outbox } from '../../worker/src/tasks/outbox.service';

// NOTE: Nest applications boot in seconds on a loaded 2-core machine.
jest.setTimeout(30_000);

const NO_FILES = '/nonexistent/acb-api-users-settings';

/** The sample API on the embedded defaults: SQLite (in memory unless told), memory cache and queue, local events. */
async function startApi(out: MemoryLogDestination, database = ':memory:'): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AppModule.forRoot({
        settingsDir: NO_FILES,
        values: { app: { name: 'api-users-test' }, sql: { database } },
        env: {},
        logger: { destination: out },
      }),
    ],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

describe('apps/api users on the memory defaults', () => {
  let out: MemoryLogDestination;
  let app: INestApplication;
  const http = () => request(app.getHttpServer());

  beforeEach(async () => {
    out = new MemoryLogDestination();
    app = await startApi(out);
  });

  afterEach(async () => {
    await app.close();
  });

  it('POST /users creates a user (201), GET /users/:id reads it back', async () => {
    const created = await http().post('/users').send({ email: ' Ann@Example.com ', name: 'Ann', role: 'admin' }).expect(201);
    expect(created.body).toMatchObject({
      user: { id: expect.any(Number), email: 'ann@example.com', name: 'Ann' },
      welcomeTaskId: expect.any(String),
    });
    expect(created.body.user).not.toHaveProperty('role');
    expect(Date.parse(created.body.user.createdAt)).not.toBeNaN();

    const read = await http().get(`/users/${created.body.user.id}`).expect(200);
    expect(read.body).toEqual(created.body.user);
  });

  it('GET /users/:id is a cached read: a change made behind the repository is not seen, a repository write is', async () => {
    const created = await http().post('/users').send({ email: 'cat@example.com', name: 'Cat' }).expect(201);
    await http().get(`/users/${created.body.user.id}`).expect(200);
    await app.get(SqlAdapter).execute('UPDATE users SET name = ? WHERE id = ?', ['Changed behind', created.body.user.id]);
    expect((await http().get(`/users/${created.body.user.id}`).expect(200)).body.name).toBe('Cat');

    await http().post('/users').send({ email: 'cow@example.com', name: 'Cow' }).expect(201);
    expect((await http().get(`/users/${created.body.user.id}`).expect(200)).body.name).toBe('Changed behind');
  });

  it('a malformed body answers 400 listing every failing field and stores nothing', async () => {
    const response = await http().post('/users').send({ email: 'not-an-email', name: 'A' }).expect(400);
    expect(response.body).toMatchObject({ statusCode: 400, error: 'VALIDATION_FAILED' });
    const paths = (response.body.fields as Array<{ path: string; constraints: Record<string, string> }>).map((field) => field.path);
    expect(paths.sort()).toEqual(['email', 'name']);
    expect(response.body.fields.find((field: { path: string }) => field.path === 'email').constraints).toHaveProperty('isEmail');

    const empty = await http().post('/users').send({}).expect(400);
    expect(empty.body.fields.map((field: { path: string }) => field.path).sort()).toEqual(['email', 'name']);

    await http().post('/users').set('content-type', 'application/json').send('[1, 2]').expect(400);
    expect((await http().get('/users').expect(200)).body.total).toBe(0);
  });

  it('a duplicate email answers 409 (case-insensitive) and keeps one user', async () => {
    await http().post('/users').send({ email: 'bob@example.com', name: 'Bob' }).expect(201);
    const duplicate = await http().post('/users').send({ email: 'BOB@example.com', name: 'Bobby' }).expect(409);
    expect(duplicate.body).toMatchObject({ statusCode: 409, error: 'CONFLICT', message: expect.stringContaining('bob@example.com') });
    const list = await http().get('/users').expect(200);
    expect(list.body.items.map((user: { name: string }) => user.name)).toEqual(['Bob']);
  });

  it('concurrent creates of one email: one 201, the others 409', async () => {
    const answers = await Promise.all(
      [1, 2, 3].map((n) => http().post('/users').send({ email: 'race@example.com', name: `Racer ${n}` })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
  });

  it('GET /users/:id answers 404 for an unknown id and 400 for a non-numeric one', async () => {
    const missing = await http().get('/users/4242').expect(404);
    expect(missing.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND', message: expect.stringContaining('4242') });
    await http().get('/users/abc').expect(400);
  });

  it('GET /users pages by id with ?page=&limit= and refuses a bad page', async () => {
    for (let n = 1; n <= 5; n += 1) {
      await http().post('/users').send({ email: `user${n}@example.com`, name: `User ${n}` }).expect(201);
    }
    const first = await http().get('/users?page=1&limit=2').expect(200);
    expect(first.body).toMatchObject({ total: 5, page: 1, limit: 2 });
    expect(first.body.items.map((user: { name: string }) => user.name)).toEqual(['User 1', 'User 2']);
    const last = await http().get('/users?page=3&limit=2').expect(200);
    expect(last.body.items.map((user: { name: string }) => user.name)).toEqual(['User 5']);
    const defaults = await http().get('/users').expect(200);
    expect(defaults.body).toMatchObject({ total: 5, page: 1, limit: 20 });

    const bad = await http().get('/users?page=0&limit=1000').expect(400);
    expect(bad.body.fields.map((field: { path: string }) => field.path).sort()).toEqual(['limit', 'page']);
  });

  it('the user.created handler runs: the cached count is refreshed and an audit line written', async () => {
    expect((await http().get('/users/stats').expect(200)).body).toEqual({ count: 0 });
    const created = await http().post('/users').send({ email: 'eve@example.com', name: 'Eve' }).expect(201);
    // Without the handler the cached count (5 minutes) would still say 0.
    expect((await http().get('/users/stats').expect(200)).body).toEqual({ count: 1 });

    const audit = await http().get('/users/audit').expect(200);
    expect(audit.body).toEqual([{ eventId: expect.any(String), userId: created.body.user.id, email: 'eve@example.com', at: expect.any(String) }]);
    expect(out.records().find((record) => record.msg === 'user audit')).toMatchObject({
      audit: 'user.created',
      userId: created.body.user.id,
      email: 'eve@example.com',
      eventId: audit.body[0].eventId,
    });
  });

  it('runs the welcome mail in this process on the memory queue (no other process can): completed at GET /tasks/:id', async () => {
    const created = await http().post('/users').send({ email: 'dan@example.com', name: 'Dan' }).expect(201);
    const taskStatus = async () => (await http().get(`/tasks/${created.body.welcomeTaskId}`).expect(200)).body;
    for (let i = 0; i < 200 && (await taskStatus()).status !== 'completed'; i++) await new Promise((r) => setTimeout(r, 10));
    expect(await taskStatus()).toMatchObject({
      id: created.body.welcomeTaskId,
      name: SAMPLE_TASKS.sendEmail,
      queue: 'default',
      status: 'completed',
      attempts: 1,
      result: { messageId: created.body.welcomeTaskId, recipient: 'dan@example.com' },
    });
    expect(app.get(Outbox).sent()).toEqual([expect.objectContaining({ recipient: 'dan@example.com', subject: 'Welcome, Dan' })]);

    const record = await app.get(Queue).getTask(created.body.welcomeTaskId);
    expect(record?.payload).toEqual({ recipient: 'dan@example.com', subject: 'Welcome, Dan', body: 'Hello Dan, your account is ready.' });

    const unknown = await http().get('/tasks/no-such-task').expect(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND' });
  });

  it('a failed validation enqueues no mail and emits no event', async () => {
    await http().post('/users').send({ email: 'x' }).expect(400);
    expect(await app.get(Queue).getPendingTasks()).toEqual([]);
    expect((await http().get('/users/audit').expect(200)).body).toEqual([]);
  });

  it('GET /health reports app, adapters, services and queue; GET /metrics answers', async () => {
    const health = await http().get('/health').expect(200);
    expect(health.body.status).toBe('ok');
    expect(Object.keys(health.body.info)).toEqual(expect.arrayContaining(['app', 'cache', 'sql', 'services', 'queue']));
    expect(health.body.info.services).toMatchObject({ status: 'up', services: { users: { status: 'healthy' } } });
    expect(health.body.info.queue).toEqual({ status: 'up', backend: 'memory' });

    const metrics = await http().get('/metrics').expect(200);
    expect(metrics.headers['content-type']).toMatch(/^text\/plain/);
  });
});

describe('apps/api users table on a SQLite file', () => {
  let dir: string;

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'acb-api-users-'));
  });

  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is created at the first start and kept (with its rows) at the next one', async () => {
    const database = join(dir, 'api.sqlite');
    const first = await startApi(new MemoryLogDestination(), database);
    try {
      await request(first.getHttpServer()).post('/users').send({ email: 'keep@example.com', name: 'Keep' }).expect(201);
    } finally {
      await first.close();
    }

    const second = await startApi(new MemoryLogDestination(), database);
    try {
      const list = await request(second.getHttpServer()).get('/users').expect(200);
      expect(list.body.items.map((user: { email: string }) => user.email)).toEqual(['keep@example.com']);
      await request(second.getHttpServer()).post('/users').send({ email: 'keep@example.com', name: 'Again' }).expect(409);
    } finally {
      await second.close();
    }
  });
});
