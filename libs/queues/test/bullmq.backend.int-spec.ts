import { randomUUID } from 'node:crypto';
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
