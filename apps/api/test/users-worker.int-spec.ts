import { randomBytes } from 'node:crypto';
import { QUEUE_BACKEND, type QueueBackend } from '@acb/queues';
import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { Client } from 'pg';
import request from 'supertest';
import { describeWithServers } from '../../../test/servers';
import { Outbox } from '../../worker/src/tasks/outbox.service';
import { until } from '../../../test/until';
import { startApiWith, startWorkerWith } from './support/start-api';

const SCHEDULES_QUEUE = '__acb_schedules';

/** The URL with a search_path, so the API's unqualified `users` table lives in this file's own schema. */
function withSearchPath(url: string, schema: string): string {
  const parsed = new URL(url);
  parsed.searchParams.set('options', `-c search_path=${schema}`);
  return parsed.toString();
}

// The API on PostgreSQL with a Redis (BullMQ) queue, and apps/worker's WorkerModule on the same Redis prefix, in
// this process: POST /users -> the worker sends the welcome mail -> GET /tasks/:id says completed.
describeWithServers(['redis', 'postgres'], 'apps/api on postgres + redis with apps/worker', (urls) => {
  const suffix = randomBytes(4).toString('hex');
  const schema = `api_int_${suffix}`;
  const prefix = `acbapi-${suffix}`;
  const queue = { backend: 'redis', redis: { url: urls.redis }, prefix, shutdown_timeout: 2 };
  let admin: Client;
  let api: INestApplication;
  let worker: TestingModule;
  const http = () => request(api.getHttpServer());

  beforeAll(async () => {
    admin = new Client({ connectionString: urls.postgres });
    await admin.connect();
    await admin.query(`CREATE SCHEMA ${schema}`);

    api = await startApiWith({
      app: { name: 'api-int' },
      adapters: { sql: 'postgres', queue },
      sql: { url: withSearchPath(urls.postgres, schema), poolSize: 4 },
    });
    worker = await startWorkerWith({ app: { name: 'worker-int' }, adapters: { queue }, sql: { database: ':memory:' } });
  });

  afterAll(async () => {
    await worker?.close();
    if (api) {
      const backend = api.get<QueueBackend>(QUEUE_BACKEND);
      // NOTE: the worker's hourly schedule lives in the scheduler's own queue under the same prefix.
      for (const name of ['default', SCHEDULES_QUEUE]) await backend.obliterate(name);
      await api.close();
    }
    await admin.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await admin.end();
  });

  it('creates the users table in its schema at start', async () => {
    const { rows } = await admin.query('SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2', [
      schema,
      'users',
    ]);
    expect(rows.map((row: { column_name: string }) => row.column_name).sort()).toEqual(['created_at', 'email', 'id', 'name']);
  });

  it('POST /users stores the user in PostgreSQL and the worker sends the welcome mail', async () => {
    const created = await http().post('/users').send({ email: 'ann@example.com', name: 'Ann' }).expect(201);
    const { user, welcomeTaskId } = created.body as { user: { id: number }; welcomeTaskId: string };

    const { rows } = await admin.query(`SELECT email, name FROM ${schema}.users WHERE id = $1`, [user.id]);
    expect(rows).toEqual([{ email: 'ann@example.com', name: 'Ann' }]);

    const task = await until(
      async () => (await http().get(`/tasks/${welcomeTaskId}`).expect(200)).body as { status: string },
      (body) => body.status === 'completed' || body.status === 'dead',
      30_000,
    );
    expect(task).toMatchObject({ name: 'send_email', status: 'completed', result: { messageId: welcomeTaskId, recipient: 'ann@example.com' } });
    expect(worker.get(Outbox).sent()).toEqual([
      expect.objectContaining({ messageId: welcomeTaskId, recipient: 'ann@example.com', subject: 'Welcome, Ann' }),
    ]);

    expect((await http().get(`/users/${user.id}`).expect(200)).body).toMatchObject({ id: user.id, email: 'ann@example.com' });
  });

  it('a duplicate answers 409, also when concurrent requests race past the check (unique index)', async () => {
    await http().post('/users').send({ email: 'bob@example.com', name: 'Bob' }).expect(201);
    await http().post('/users').send({ email: 'bob@example.com', name: 'Bob again' }).expect(409);
    const answers = await Promise.all(
      [1, 2, 3, 4].map((n) => http().post('/users').send({ email: 'race@example.com', name: `Racer ${n}` })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409]);
    const { rows } = await admin.query(`SELECT count(*)::int AS n FROM ${schema}.users WHERE email = $1`, ['race@example.com']);
    expect(rows).toEqual([{ n: 1 }]);
  });

  it('GET /health reports postgres, the redis queue and the services up', async () => {
    const health = await http().get('/health').expect(200);
    expect(health.body.info).toMatchObject({
      sql: { status: 'up' },
      queue: { status: 'up', backend: 'redis' },
      services: { status: 'up' },
    });
  });
});
