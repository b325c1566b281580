/**
 * ONE STATUS VIEW: two backend instances on one prefix — a producer (an API process) and a consumer (a worker
 * process), each with its own connections — give the same answer to `getTask`, the pending list (`listTasks` of
 * pending/delayed/failed) and `cancel`, and a `jobId` is deduplicated across them. Every backend that shares tasks
 * between processes runs it (redis; rabbitmq with its shared status store). Real servers only.
 */
import { randomUUID } from 'node:crypto';
import type { QueueBackend, QueueBackendOptions, TaskHandlerFn } from '../../src/interfaces/queue-backend.interface';
import type { TaskStatus } from '../../src/interfaces/task.interface';
import { request, sleep, waitFor } from '../fault/support/backend-suite';

export type SharedBackendFactory = (overrides: Partial<QueueBackendOptions>) => QueueBackend;

const PENDING: readonly TaskStatus[] = ['pending', 'delayed', 'failed'];

export function runSharedStatusConformance(title: string, make: SharedBackendFactory, cleanup?: (queue: string) => Promise<void>): void {
  describe(title, () => {
    let producer: QueueBackend;
    let worker: QueueBackend;
    let queue: string;

    beforeEach(async () => {
      queue = `shared-${randomUUID().slice(0, 8)}`;
      producer = make({ queues: [queue] });
      worker = make({ queues: [queue] });
      await producer.connect();
      await worker.connect();
    });

    afterEach(async () => {
      await producer.obliterate(queue).catch(() => undefined);
      await cleanup?.(queue);
      await worker.close();
      await producer.close();
    });

    const completing: TaskHandlerFn = async (task) => ({ status: 'completed', result: { doubled: (task.payload as { n: number }).n * 2 } });

    it('a task enqueued by one instance and run by another: both report it completed with its result, neither lists it pending', async () => {
      const { id } = await producer.enqueue(request(queue, 'double', { payload: { n: 21 } }));
      const other = await producer.enqueue(request(queue, 'double', { payload: { n: 1 } }));
      expect((await worker.getTask(queue, id))?.status).toBe('pending');
      expect((await worker.listTasks(queue, PENDING)).map((task) => task.id)).toEqual([id, other.id]);

      const consumer = await worker.consume(queue, { concurrency: 2 }, completing);
      try {
        await waitFor(async () => (await producer.getTask(queue, id))?.status === 'completed' && (await producer.getTask(queue, other.id))?.status === 'completed');
      } finally {
        await consumer.stop(1000);
      }
      for (const view of [producer, worker]) {
        const task = await view.getTask(queue, id);
        expect(task).toMatchObject({ id, status: 'completed', attempts: 1, result: { doubled: 42 } });
        expect(await view.listTasks(queue, PENDING)).toEqual([]);
      }
    });

    it('the pending list is the same from both instances, in run order', async () => {
      const low = await producer.enqueue(request(queue, 'low', { priority: 2 }));
      const high = await worker.enqueue(request(queue, 'high', { priority: 9 }));
      const later = await producer.enqueue(request(queue, 'later', { delayMs: 60000 }));
      const expected = [high.id, low.id, later.id];
      expect((await producer.listTasks(queue, PENDING)).map((task) => task.id)).toEqual(expected);
      expect((await worker.listTasks(queue, PENDING)).map((task) => task.id)).toEqual(expected);
      expect((await worker.getTask(queue, later.id))?.status).toBe('delayed');
    });

    it('cancel from the producer: both instances report cancelled, a second cancel from either is refused, the task never runs', async () => {
      const ran: string[] = [];
      const consumer = await worker.consume(queue, { concurrency: 1 }, async (task) => {
        ran.push(task.id);
        return { status: 'completed' };
      });
      try {
        const { id } = await producer.enqueue(request(queue, 'reminder', { delayMs: 600 }));
        expect((await worker.getTask(queue, id))?.status).toBe('delayed');
        expect(await producer.cancel(queue, id)).toBe(true);
        expect((await worker.getTask(queue, id))?.status).toBe('cancelled');
        expect((await producer.getTask(queue, id))?.status).toBe('cancelled');
        expect(await worker.cancel(queue, id)).toBe(false);
        expect(await producer.cancel(queue, id)).toBe(false);
        // A task enqueued after it, due sooner than the wait below, runs: the consumer works, and skipped the cancelled one.
        const marker = await producer.enqueue(request(queue, 'marker', { delayMs: 900 }));
        await waitFor(() => ran.includes(marker.id), 10000);
        await sleep(200);
        expect(ran).toEqual([marker.id]);
        expect((await producer.getTask(queue, id))?.status).toBe('cancelled');
      } finally {
        await consumer.stop(1000);
      }
    });

    it('cancel from the worker instance of a task the producer enqueued; an active task cannot be cancelled from either', async () => {
      const { id } = await producer.enqueue(request(queue, 'pending-one'));
      expect(await worker.cancel(queue, id)).toBe(true);
      expect((await producer.getTask(queue, id))?.status).toBe('cancelled');

      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const consumer = await worker.consume(queue, { concurrency: 1 }, async () => {
        await held;
        return { status: 'completed' };
      });
      try {
        const running = await producer.enqueue(request(queue, 'running'));
        await waitFor(async () => (await producer.getTask(queue, running.id))?.status === 'active');
        expect(await producer.cancel(queue, running.id)).toBe(false);
        expect(await worker.cancel(queue, running.id)).toBe(false);
        release();
        await waitFor(async () => (await producer.getTask(queue, running.id))?.status === 'completed');
      } finally {
        release();
        await consumer.stop(1000);
      }
    });

    it('an instance that connects after a cancel still never runs the cancelled task', async () => {
      const { id } = await producer.enqueue(request(queue, 'cancelled-early', { payload: { status: 'cancelled' } }));
      const kept = await producer.enqueue(request(queue, 'kept'));
      expect(await producer.cancel(queue, id)).toBe(true);
      const late = make({ queues: [queue] });
      await late.connect();
      const ran: string[] = [];
      const consumer = await late.consume(queue, { concurrency: 1 }, async (task) => {
        ran.push(task.id);
        return { status: 'completed' };
      });
      try {
        await waitFor(async () => (await producer.getTask(queue, kept.id))?.status === 'completed');
        await sleep(200);
        expect(ran).toEqual([kept.id]);
        expect((await late.getTask(queue, id))?.status).toBe('cancelled');
      } finally {
        await consumer.stop(1000);
        await late.close();
      }
    });

    it('a jobId is deduplicated across instances', async () => {
      const first = await producer.enqueue(request(queue, 'once', { id: 'invoice-7', deduplicate: true }));
      const second = await worker.enqueue(request(queue, 'once', { id: 'invoice-7', deduplicate: true }));
      expect(first).toEqual({ id: 'invoice-7', deduplicated: false });
      expect(second).toEqual({ id: 'invoice-7', deduplicated: true });
      expect((await worker.listTasks(queue, PENDING)).map((task) => task.id)).toEqual(['invoice-7']);
    });
  });
}
