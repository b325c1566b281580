import { randomBytes } from 'node:crypto';
import { Queue, QUEUE_BACKEND, type QueueBackend } from '@acb/queues';
import type { INestApplication } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import request from 'supertest';
import { describeWithServer } from '../../../test/servers';
import { until } from '../../../test/until';
import { Outbox } from '../../worker/src/tasks/outbox.service';
import { OperationsService } from '../src/operations/operations.service';
import { startApiWith, startWorkerWith } from './support/start-api';

// The API on a RabbitMQ queue WITHOUT backendOptions.statusStoreUrl (records per process) and apps/worker on the same
// prefix, in this process: the API enqueued the welcome mail, the worker ran it. The API cannot know that, so
// GET /tasks/:id answers `unknown` (with localStatus), never a stale `pending`; the worker's own view says completed.
describeWithServer('rabbitmq', 'apps/api GET /tasks/:id on rabbitmq without a shared status store', (url) => {
  const prefix = `acbapi-rmq-${randomBytes(4).toString('hex')}`;
  const queue = { backend: 'rabbitmq', rabbitmq: { url }, prefix, shutdown_timeout: 2, backend_options: { queueExpiresMs: 60_000 } };
  let api: INestApplication;
  let worker: TestingModule;
  const http = () => request(api.getHttpServer());

  beforeAll(async () => {
    api = await startApiWith({ app: { name: 'api-rmq' }, adapters: { queue }, sql: { database: ':memory:' } });
    worker = await startWorkerWith({ app: { name: 'worker-rmq' }, adapters: { queue }, sql: { database: ':memory:' } });
  });

  afterAll(async () => {
    await worker?.close();
    if (api) {
      await api.get<QueueBackend>(QUEUE_BACKEND).obliterate('default').catch(() => undefined);
      await api.close();
    }
  });

  it('answers unknown (with localStatus pending) for the welcome mail the worker completed; the worker answers completed', async () => {
    const created = await http().post('/users').send({ email: 'rmq@example.com', name: 'Rae' }).expect(201);
    const { welcomeTaskId } = created.body as { welcomeTaskId: string };

    await until(
      async () => worker.get(Outbox).sent(),
      (sent) => sent.some((mail) => mail.messageId === welcomeTaskId),
      30_000,
    );
    await until(
      async () => (await worker.get(Queue).getTask(welcomeTaskId))?.status,
      (status) => status === 'completed',
      10_000,
    );
    expect(await worker.get(Queue).getTask(welcomeTaskId)).toMatchObject({ status: 'completed', result: { messageId: welcomeTaskId } });

    const view = (await http().get(`/tasks/${welcomeTaskId}`).expect(200)).body as Record<string, unknown>;
    expect(view).toMatchObject({ id: welcomeTaskId, name: 'send_email', status: 'unknown', localStatus: 'pending', attempts: 0 });
    expect(view.result).toBeUndefined();

    const pending = await api.get(Queue).getPendingTasks();
    expect(pending.find((task) => task.id === welcomeTaskId)).toMatchObject({ status: 'unknown', localStatus: 'pending' });
    expect(pending.filter((task) => task.status === 'pending')).toEqual([]);

    const counts = (await api.get(OperationsService).queueCounts()).counts;
    expect(counts.pending).toBe(0);
    expect(counts.unknown).toBeGreaterThanOrEqual(1);
  });
});
