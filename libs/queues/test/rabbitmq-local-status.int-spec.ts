/**
 * RabbitMQ WITHOUT a shared status store (no `backendOptions.statusStoreUrl`): task records are per process, so a
 * process answers only what it can know. Two backend instances on one prefix — a producer with no consumer (an API
 * process) and a consumer (a worker process): the producer reads `unknown` (never `pending`) for the tasks it
 * published, the consumer reads what its own worker did, the pending list never shows such a task as `pending`, and
 * `cancel` of a task whose fate is unknown answers 'requested' (it still stops the task in every consumer that has not
 * started it), never true. The same instances with the shared store: test/shared-status.int-spec.ts.
 */
import { randomUUID } from 'node:crypto';
import { describeWithServer } from '../../../test/servers';
import { RabbitMqQueueBackend } from '../src/backends/rabbitmq/rabbitmq.backend';
import type { TaskHandlerFn } from '../src/interfaces/queue-backend.interface';
import { WAITING_TASK_STATUSES, type TaskStatus } from '../src/interfaces/task.interface';
import { request, sleep, testBackendOptions, waitFor } from './fault/support/backend-suite';

const NOT_STARTED: readonly TaskStatus[] = ['pending', 'delayed', 'failed'];

describeWithServer('rabbitmq', 'rabbitmq task statuses per process (no statusStoreUrl)', (url) => {
  const prefix = `acb-test-rmqlocal-${randomUUID().slice(0, 8)}`;
  let producer: RabbitMqQueueBackend;
  let worker: RabbitMqQueueBackend;
  let queue: string;

  const make = (): RabbitMqQueueBackend =>
    new RabbitMqQueueBackend(testBackendOptions(url, prefix, { queues: [queue], extra: { queueExpiresMs: 120_000 } }));

  beforeEach(async () => {
    queue = `local-${randomUUID().slice(0, 8)}`;
    producer = make();
    worker = make();
    await producer.connect();
    await worker.connect();
  });

  afterEach(async () => {
    await worker.deleteQueue(queue).catch(() => undefined);
    await worker.close();
    await producer.close();
  });

  const doubling: TaskHandlerFn = async (task) => ({ status: 'completed', result: { doubled: (task.payload as { n: number }).n * 2 } });

  it('the producer answers unknown (never pending) for tasks another instance ran; the consumer answers completed with the result', async () => {
    const a = await producer.enqueue(request(queue, 'double', { payload: { n: 21 }, priority: 9 }));
    const b = await producer.enqueue(request(queue, 'double', { payload: { n: 1 } }));
    const c = await producer.enqueue(request(queue, 'double', { payload: { n: 2 }, delayMs: 300 }));

    // Before anything consumed them: the producer last saw them waiting, and says so only as localStatus.
    expect(await producer.getTask(queue, a.id)).toMatchObject({ status: 'unknown', localStatus: 'pending', payload: { n: 21 }, attempts: 0 });
    expect(await producer.getTask(queue, c.id)).toMatchObject({ status: 'unknown', localStatus: 'delayed' });
    expect(await producer.listTasks(queue, NOT_STARTED)).toEqual([]);
    const listed = await producer.listTasks(queue, WAITING_TASK_STATUSES);
    expect(listed.map((task) => [task.id, task.status, task.localStatus])).toEqual([
      [a.id, 'unknown', 'pending'],
      [b.id, 'unknown', 'pending'],
      [c.id, 'unknown', 'delayed'],
    ]);
    // The worker instance has no record of tasks it has not seen: undefined, not a guess.
    expect(await worker.getTask(queue, a.id)).toBeUndefined();

    const consumer = await worker.consume(queue, { concurrency: 2 }, doubling);
    try {
      await waitFor(async () => {
        const done = await Promise.all([a, b, c].map(async ({ id }) => (await worker.getTask(queue, id))?.status === 'completed'));
        return done.every(Boolean);
      });
    } finally {
      await consumer.stop(1000);
    }

    expect(await worker.getTask(queue, a.id)).toMatchObject({ status: 'completed', attempts: 1, result: { doubled: 42 } });
    expect(await worker.getTask(queue, c.id)).toMatchObject({ status: 'completed', result: { doubled: 4 } });
    expect((await worker.getTask(queue, a.id))?.localStatus).toBeUndefined();
    expect(await worker.listTasks(queue, WAITING_TASK_STATUSES)).toEqual([]);
    expect((await worker.listTasks(queue, ['completed'])).map((task) => task.id).sort()).toEqual([a.id, b.id, c.id].sort());

    // The producer cannot know they ran: still unknown — never pending, never a completion it did not see.
    for (const { id } of [a, b, c]) {
      const seen = await producer.getTask(queue, id);
      expect(seen?.status).toBe('unknown');
      expect(seen?.result).toBeUndefined();
      expect(seen?.finishedAt).toBeUndefined();
    }
    expect(await producer.listTasks(queue, ['pending'])).toEqual([]);
    expect(await producer.listTasks(queue, ['completed'])).toEqual([]);
    expect((await producer.listTasks(queue, WAITING_TASK_STATUSES)).every((task) => task.status === 'unknown')).toBe(true);
  });

  it('the consumer answers unknown for a retry it scheduled (any consumer may take it), then completed once its own worker ran it', async () => {
    const failOnce: TaskHandlerFn = async (task) =>
      task.attempts === 1 ? { status: 'failed', error: 'Error: not yet', retryable: true } : { status: 'completed', result: task.attempts };
    const { id } = await producer.enqueue(request(queue, 'flaky', { maxRetries: 2, backoff: { type: 'fixed', delayMs: 1500, maxDelayMs: 1500, multiplier: 2, jitter: 0 } }));
    const consumer = await worker.consume(queue, { concurrency: 1 }, failOnce);
    try {
      await waitFor(async () => (await worker.getTask(queue, id))?.status !== undefined && (await worker.getTask(queue, id))?.status !== 'active');
      expect(await worker.getTask(queue, id)).toMatchObject({ status: 'unknown', localStatus: 'failed', attempts: 1, error: 'Error: not yet' });
      expect(await worker.listTasks(queue, NOT_STARTED)).toEqual([]);
      await waitFor(async () => (await worker.getTask(queue, id))?.status === 'completed');
      expect(await worker.getTask(queue, id)).toMatchObject({ status: 'completed', attempts: 2, result: 2 });
    } finally {
      await consumer.stop(1000);
    }
  });

  it('a task its worker dead-lettered reads dead while in the dead-letter queue, unknown once another instance retried it', async () => {
    const { id } = await producer.enqueue(request(queue, 'doomed', { payload: { n: 1 } }));
    expect(await worker.runNext(queue, async () => ({ status: 'failed', error: 'Error: nope', retryable: false }))).toBe(true);
    expect(await worker.getTask(queue, id)).toMatchObject({ status: 'dead', attempts: 1, error: 'Error: nope' });
    // The producer last saw it pending: unknown (dead letters are listed from the shared queue by any instance).
    expect(await producer.getTask(queue, id)).toMatchObject({ status: 'unknown', localStatus: 'pending' });
    expect((await producer.listTasks(queue, ['dead'])).map((task) => [task.id, task.status])).toEqual([[id, 'dead']]);

    expect(await producer.retryDead(queue, id)).toBe(true);
    expect(await worker.getTask(queue, id)).toMatchObject({ status: 'unknown', localStatus: 'dead' });
    expect(await producer.getTask(queue, id)).toMatchObject({ status: 'unknown', localStatus: 'pending', attempts: 0 });
    expect(await worker.cancel(queue, id)).toBe(false);
    expect(await worker.runNext(queue, async () => ({ status: 'completed', result: 'second life' }))).toBe(true);
    expect(await worker.getTask(queue, id)).toMatchObject({ status: 'completed', result: 'second life' });
  });

  it("cancel of a task whose fate is unknown answers 'requested' and still stops it in the consumer; it never claims a started task was cancelled", async () => {
    const ran: string[] = [];
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    const consumer = await worker.consume(queue, { concurrency: 1 }, async (task) => {
      ran.push(task.id);
      if (task.name === 'held') await held;
      return { status: 'completed' };
    });
    try {
      // Not started yet (delayed): the producer cannot know that, so it asks every consumer to drop it.
      const { id } = await producer.enqueue(request(queue, 'reminder', { delayMs: 600 }));
      expect(await producer.cancel(queue, id)).toBe('requested');
      expect(await producer.getTask(queue, id)).toMatchObject({ status: 'unknown', localStatus: 'cancelled' });
      expect(await producer.cancel(queue, id)).toBe('requested');
      expect(await worker.cancel(queue, id)).toBe(false); // no record of it there
      const marker = await producer.enqueue(request(queue, 'marker', { delayMs: 900 }));
      await waitFor(() => ran.includes(marker.id), 10000);
      await sleep(200);
      expect(ran).toEqual([marker.id]);
      expect(await worker.cancel(queue, marker.id)).toBe(false); // completed, known there

      // Already running in the worker: the worker knows (false); the producer does not, and does not claim it.
      const running = await producer.enqueue(request(queue, 'held'));
      await waitFor(async () => (await worker.getTask(queue, running.id))?.status === 'active');
      expect(await worker.cancel(queue, running.id)).toBe(false);
      expect(await producer.cancel(queue, running.id)).toBe('requested');
      release();
      await waitFor(async () => (await worker.getTask(queue, running.id))?.status === 'completed');
      expect(ran).toEqual([marker.id, running.id]);
      expect(await producer.getTask(queue, running.id)).toMatchObject({ status: 'unknown', localStatus: 'cancelled' });
      // The pending list shows both requests as unknown, never as pending or cancelled.
      const listed = await producer.listTasks(queue, WAITING_TASK_STATUSES);
      expect(listed.map((task) => [task.id, task.status, task.localStatus]).sort()).toEqual(
        [
          [id, 'unknown', 'cancelled'],
          [marker.id, 'unknown', 'delayed'],
          [running.id, 'unknown', 'cancelled'],
        ].sort(),
      );
      expect(await producer.listTasks(queue, ['cancelled'])).toEqual([]);
    } finally {
      release();
      await consumer.stop(1000);
    }
  });
});
