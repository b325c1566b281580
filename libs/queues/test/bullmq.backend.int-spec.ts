import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { describeWithServer } from '../../../test/servers';
import { BullMqQueueBackend } from '../src/backends/bullmq/bullmq.backend';
import type { QueueBackendOptions, ScheduleTick } from '../src/interfaces/queue-backend.interface';
import { request, runBackendSuite, sleep, testBackendOptions, waitFor } from './fault/support/backend-suite';

describeWithServer('redis', 'BullMqQueueBackend (real Redis)', (url) => {
  const prefix = `acb-test-bull-${randomUUID().slice(0, 8)}`;
  const options = (overrides: Partial<QueueBackendOptions> = {}): QueueBackendOptions =>
    testBackendOptions(url, prefix, overrides);

  runBackendSuite('backend contract', (overrides) => new BullMqQueueBackend(options(overrides)));

  describe('BullMQ specifics', () => {
    const backends: BullMqQueueBackend[] = [];
    const open = async (overrides: Partial<QueueBackendOptions> = {}): Promise<BullMqQueueBackend> => {
      const backend = new BullMqQueueBackend(options(overrides));
      backends.push(backend);
      await backend.connect();
      return backend;
    };
    afterEach(async () => {
      await Promise.all(backends.splice(0).map((backend) => backend.close()));
    });

    it('stores tasks as plain BullMQ jobs: name = task name, data = payload, priority 1 = first', async () => {
      const { Queue } = await import('bullmq');
      const backend = await open();
      const queue = `plain-${randomUUID().slice(0, 8)}`;
      const { id } = await backend.enqueue(request(queue, 'send_email', { payload: { to: 'a@b.c' }, priority: 10 }));
      const raw = new Queue(queue, { connection: { url }, prefix });
      try {
        const job = await raw.getJob(id);
        expect(job?.name).toBe('send_email');
        expect(job?.data).toEqual({ to: 'a@b.c' });
        expect(job?.opts.priority).toBe(1);
        expect(await raw.getJobState(id)).toBe('prioritized');
      } finally {
        await backend.obliterate(queue);
        await raw.close();
      }
    });

    it('puts the tasks of a queue without priorities on the plain wait list (no prioritized set), FIFO, and refuses other priorities', async () => {
      const { Queue } = await import('bullmq');
      const queue = `noprio-${randomUUID().slice(0, 8)}`;
      const backend = await open({ extra: { priorities: [`other-${queue}`] } });
      const raw = new Queue(queue, { connection: { url }, prefix });
      try {
        const ids: string[] = [];
        for (let n = 0; n < 3; n += 1) ids.push((await backend.enqueue(request(queue, 'send_email', { payload: { n } }))).id);
        const job = await raw.getJob(ids[0]);
        expect(job?.opts.priority).toBeUndefined();
        expect(await raw.getJobState(ids[0])).toBe('waiting');
        expect(await raw.getPrioritizedCount()).toBe(0);
        expect((await backend.getTask(queue, ids[0]))?.priority).toBe(5);
        await expect(backend.enqueue(request(queue, 'send_email', { priority: 10 }))).rejects.toThrow(
          new RegExp(`InvalidTaskOption|queue "${queue}" does not use priorities`),
        );
        expect(await raw.getWaitingCount()).toBe(3);
        const ran: unknown[] = [];
        while (await backend.runNext(queue, async (task) => (ran.push(task.payload), { status: 'completed' }))) {
          /* drain */
        }
        expect(ran).toEqual([{ n: 0 }, { n: 1 }, { n: 2 }]);
      } finally {
        await backend.obliterate(queue);
        await raw.close();
      }
    });

    it('keeps the newest keepCompleted completed tasks, trimming the completed set in batches (consume and runNext)', async () => {
      const { Queue } = await import('bullmq');
      const backend = await open({ extra: { keepCompleted: 5 } });
      const queue = `trim-${randomUUID().slice(0, 8)}`;
      const raw = new Queue(queue, { connection: { url }, prefix });
      try {
        const ids: string[] = [];
        for (let n = 0; n < 6; n += 1) ids.push((await backend.enqueue(request(queue, 'send_email', { payload: { n } }))).id);
        while (await backend.runNext(queue, async () => ({ status: 'completed' }))) {
          /* drain */
        }
        await sleep(5); // the completed set orders by finish time (ms): no tie with the tasks below
        for (let n = 6; n < 12; n += 1) ids.push((await backend.enqueue(request(queue, 'send_email', { payload: { n } }))).id);
        const consumer = await backend.consume(queue, { concurrency: 2 }, async () => ({ status: 'completed' }));
        await waitFor(async () => {
          const counts = await raw.getJobCounts('wait', 'active');
          return counts.wait + counts.active === 0;
        }, 10000);
        await consumer.stop(1000);
        // Trimmed while consuming (a trim runs as the handler returns, before BullMQ files the job as completed, so
        // up to `concurrency` more than keepCompleted may remain until the next trim).
        expect(await raw.getCompletedCount()).toBeLessThanOrEqual(5 + 2);
        await backend.trimCompleted(queue);
        expect(await raw.getCompletedCount()).toBe(5);
        for (const id of ids.slice(0, 6)) expect(await backend.getTask(queue, id)).toBeUndefined();
        const kept = await Promise.all(ids.slice(6).map((id) => backend.getTask(queue, id)));
        expect(kept.filter((task) => task?.status === 'completed')).toHaveLength(5);
      } finally {
        await backend.obliterate(queue);
        await raw.close();
      }
    });

    it('trims hundreds of completed tasks in one run (the keys deleted 400 to a command), the job hashes and logs with them', async () => {
      const { Queue } = await import('bullmq');
      const clients: Redis[] = [];
      const producer = await open({ extra: { keepCompleted: 1_000_000, priorities: false } });
      const queue = `trimmany-${randomUUID().slice(0, 8)}`;
      const raw = new Queue(queue, { connection: { url }, prefix });
      try {
        await producer.enqueueMany(Array.from({ length: 450 }, (_, n) => request(queue, 'send_email', { payload: { n } })));
        const consumer = await producer.consume(queue, { concurrency: 50 }, async () => ({ status: 'completed' }));
        await waitFor(async () => (await raw.getCompletedCount()) === 450, 20000);
        await consumer.stop(1000);
        const oldest = (await raw.getJobs(['completed'], 0, -1, true)).map((job) => String(job.id));
        const first = await raw.getJob(oldest[0]);
        await first?.log('a line in the oldest job log');
        const trimmer = await open({ extra: { keepCompleted: 5 } });
        expect(await trimmer.trimCompleted(queue)).toBe(445);
        expect(await raw.getCompletedCount()).toBe(5);
        const client = new Redis(url);
        clients.push(client);
        expect(await client.exists(...oldest.slice(0, 445).flatMap((id) => [raw.toKey(id), raw.toKey(`${id}:logs`)]))).toBe(0);
        expect(await client.exists(...oldest.slice(445).map((id) => raw.toKey(id)))).toBe(5);
      } finally {
        await producer.obliterate(queue);
        await raw.close();
        for (const client of clients) client.disconnect();
      }
    });

    it('rejects a malformed backendOptions.priorities at construction', () => {
      expect(() => new BullMqQueueBackend(options({ extra: { priorities: 'yes' } }))).toThrow(/backendOptions\.priorities/);
    });

    it('stores enqueueMany with one addBulk per run of one queue, in order, priorities kept', async () => {
      const { Queue } = await import('bullmq');
      const backend = await open();
      const queue = `bulk-${randomUUID().slice(0, 8)}`;
      const addBulk = jest.spyOn(Queue.prototype, 'addBulk');
      const add = jest.spyOn(Queue.prototype, 'add');
      try {
        const priorities = [5, 10, 2, 5];
        const stored = await backend.enqueueMany(priorities.map((priority, n) => request(queue, 'send_email', { priority, payload: { n } })));
        expect(stored.map((s) => s.deduplicated)).toEqual([false, false, false, false]);
        expect(addBulk).toHaveBeenCalledTimes(1);
        expect(add).not.toHaveBeenCalled();
        const ran: unknown[] = [];
        while (await backend.runNext(queue, async (task) => (ran.push(task.payload), { status: 'completed' }))) {
          /* drain */
        }
        expect(ran).toEqual([{ n: 1 }, { n: 0 }, { n: 3 }, { n: 2 }]);
        expect((await backend.getTask(queue, stored[1].id))?.status).toBe('completed');
      } finally {
        addBulk.mockRestore();
        add.mockRestore();
        await backend.obliterate(queue);
      }
    });

    it('runs a schedule tick once across two instances sharing the prefix', async () => {
      const shared = `acb-test-sched-${randomUUID().slice(0, 8)}`;
      const one = await open({ prefix: shared });
      const two = await open({ prefix: shared });
      const ticks: Array<{ instance: string; tick: ScheduleTick }> = [];
      const record = (instance: string) => async (tick: ScheduleTick) => {
        ticks.push({ instance, tick });
      };
      await one.schedule({ name: 'heartbeat', everyMs: 400 }, record('one'));
      await two.schedule({ name: 'heartbeat', everyMs: 400 }, record('two'));
      await waitFor(() => ticks.length >= 5, 20000, 50);
      await one.unschedule('heartbeat');
      await two.unschedule('heartbeat');
      await sleep(600);
      const firedAt = ticks.map((entry) => entry.tick.firedAt);
      // Once per tick: no due time was delivered twice, and the ticks are spaced by the interval.
      expect(new Set(firedAt).size).toBe(firedAt.length);
      // Two instances ticking on their own would deliver about twice as many ticks as the span allows.
      const span = Math.max(...firedAt) - Math.min(...firedAt);
      expect(ticks.length).toBeLessThanOrEqual(Math.floor(span / 400) + 2);
      const count = ticks.length;
      await sleep(900);
      expect(ticks.length).toBe(count);
    }, 40000);

    it('fails the start clearly when Redis is unreachable', async () => {
      const backend = new BullMqQueueBackend(
        options({ connection: { url: 'redis://127.0.0.1:1' }, extra: { connectTimeoutMs: 300 } }),
      );
      await expect(backend.connect()).rejects.toThrow(/cannot reach Redis at 127\.0\.0\.1:1\/0 within 300 ms/);
      await backend.close();
    });
  });
});
