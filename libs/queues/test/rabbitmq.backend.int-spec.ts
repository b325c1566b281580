import { randomUUID } from 'node:crypto';
import { describeWithServer } from '../../../test/servers';
import { RabbitMqQueueBackend } from '../src/backends/rabbitmq/rabbitmq.backend';
import { delayBucket } from '../src/backends/rabbitmq/rabbitmq-topology';
import type { QueueBackend, QueueBackendOptions, ScheduleTick } from '../src/interfaces/queue-backend.interface';
import { backendsClosedAfterEach, request, runBackendSuite, sleep, testBackendOptions, waitFor } from './fault/support/backend-suite';

describeWithServer('rabbitmq', 'RabbitMqQueueBackend (real RabbitMQ)', (url) => {
  const prefix = `acb-test-rmq-${randomUUID().slice(0, 8)}`;
  const options = (overrides: Partial<QueueBackendOptions> = {}): QueueBackendOptions =>
    testBackendOptions(url, prefix, overrides);

  /** Backends made by the shared suite, and the queues they declared: deleted from the shared broker at the end. */
  const made: Array<{ backend: RabbitMqQueueBackend; queues: Set<string> }> = [];
  const cleaner = new RabbitMqQueueBackend(options());
  beforeAll(() => cleaner.connect());
  afterAll(async () => {
    const queues = new Set(made.flatMap((entry) => [...entry.queues]));
    for (const queue of queues) await cleaner.deleteQueue(queue);
    await cleaner.close();
  });

  runBackendSuite('backend contract', (overrides) => {
    const backend = new RabbitMqQueueBackend(options(overrides));
    const entry = { backend, queues: new Set(overrides.queues ?? []) };
    made.push(entry);
    const enqueue = backend.enqueue.bind(backend);
    backend.enqueue = async (req) => {
      entry.queues.add(req.queue);
      return enqueue(req);
    };
    return backend as QueueBackend;
  }, { statusView: 'per-process' });

  describe('RabbitMQ specifics', () => {
    const open = backendsClosedAfterEach((overrides) => new RabbitMqQueueBackend(options(overrides)));

    it('delay buckets never exceed the delay and stay few per doubling', () => {
      const buckets = new Set<number>();
      for (let ms = 1; ms < 1_000_000; ms = Math.ceil(ms * 1.01) + 1) {
        const bucket = delayBucket(ms);
        expect(bucket).toBeLessThanOrEqual(ms);
        expect(bucket).toBeGreaterThan(ms * 0.74);
        buckets.add(bucket);
      }
      expect(buckets.size).toBeLessThan(200);
    });

    it('declares a plain work queue for a queue without priorities, refuses other priorities, and names the setting when the arguments clash', async () => {
      const { connect } = await import('amqplib');
      const queue = `plainq-${randomUUID().slice(0, 8)}`;
      const plain = await open({ extra: { priorities: false } });
      const connection = await connect(url);
      try {
        await plain.enqueue(request(queue, 'send_email', { payload: { n: 1 } }));
        await expect(plain.enqueue(request(queue, 'send_email', { priority: 10 }))).rejects.toThrow(/does not use priorities/);
        // A passive re-declare with the same (plain) arguments succeeds; with x-max-priority RabbitMQ refuses it.
        const channel = await connection.createChannel();
        await channel.assertQueue(`${prefix}.${queue}`, { durable: true, arguments: {} });
        const strict = await connection.createChannel();
        strict.on('error', () => undefined);
        await expect(strict.assertQueue(`${prefix}.${queue}`, { durable: true, arguments: { 'x-max-priority': 10 } })).rejects.toThrow(/PRECONDITION_FAILED/);
        await channel.close();
        const prioritized = await open({ extra: { priorities: true } });
        await expect(prioritized.enqueue(request(queue, 'send_email'))).rejects.toThrow(/already exists with other arguments.*backendOptions\.priorities/);
        const ran: unknown[] = [];
        expect(await plain.runNext(queue, async (task) => (ran.push(task.payload), { status: 'completed' }))).toBe(true);
        expect(ran).toEqual([{ n: 1 }]);
      } finally {
        await connection.close();
        await plain.deleteQueue(queue);
      }
    });

    it('a long delay hops through shorter delay queues and runs on time, not before', async () => {
      const backend = await open();
      const queue = `hop-${randomUUID().slice(0, 8)}`;
      try {
        const { id } = await backend.enqueue(request(queue, 'hop', { delayMs: 1500 }));
        const started: number[] = [];
        const consumer = await backend.consume(queue, { concurrency: 1 }, async (task) => {
          started.push(Date.now() - task.runAt);
          return { status: 'completed' };
        });
        await waitFor(() => started.length === 1, 10000);
        await consumer.stop(1000);
        expect(started[0]).toBeGreaterThanOrEqual(0);
        expect((await backend.getTask(queue, id))?.status).toBe('completed');
      } finally {
        await backend.deleteQueue(queue);
      }
    });

    it('dead letters are visible to another process (read from the dead-letter queue)', async () => {
      const producer = await open();
      const other = await open();
      const queue = `dlq-${randomUUID().slice(0, 8)}`;
      try {
        const { id } = await producer.enqueue(request(queue, 'doomed', { payload: { n: 1 } }));
        await producer.runNext(queue, async () => ({ status: 'failed', error: 'Error: nope', retryable: true }));
        const seen = await other.listTasks(queue, ['dead']);
        expect(seen.map((task) => [task.id, task.status, task.error, task.attempts])).toEqual([[id, 'dead', 'Error: nope', 1]]);
        expect((await other.getTask(queue, id))?.payload).toEqual({ n: 1 });
        expect(await other.retryAllDead(queue)).toBe(1);
        expect(await other.listTasks(queue, ['dead'])).toEqual([]);
        expect(await producer.runNext(queue, async (task) => ({ status: 'completed', result: task.attempts }))).toBe(true);
      } finally {
        await producer.deleteQueue(queue);
      }
    });

    it('a cancel in one process reaches the worker of another (broadcast)', async () => {
      const api = await open();
      const worker = await open();
      const queue = `cancel-${randomUUID().slice(0, 8)}`;
      try {
        const keep = await api.enqueue(request(queue, 'keep'));
        const drop = await api.enqueue(request(queue, 'drop'));
        // Per process the api instance cannot know whether a worker started it: it requests the cancel.
        expect(await api.cancel(queue, drop.id)).toBe('requested');
        await sleep(200); // the notice travels asynchronously to the other instance
        const ran: string[] = [];
        await waitFor(async () => {
          await worker.runNext(queue, async (task) => {
            ran.push(task.name);
            return { status: 'completed' };
          });
          return ran.length === 1 && !(await worker.runNext(queue, async (task) => {
            ran.push(task.name);
            return { status: 'completed' };
          }));
        });
        expect(ran).toEqual(['keep']);
        expect((await worker.getTask(queue, keep.id))?.status).toBe('completed');
        expect(await api.getTask(queue, drop.id)).toMatchObject({ status: 'unknown', localStatus: 'cancelled' });
      } finally {
        await api.deleteQueue(queue);
      }
    });

    it('schedules tick on one leader only; another instance takes over when the leader closes', async () => {
      const shared = `acb-test-rmq-sched-${randomUUID().slice(0, 8)}`;
      const one = await open({ prefix: shared, extra: { leaseRetryMs: 200 } });
      const two = await open({ prefix: shared, extra: { leaseRetryMs: 200 } });
      const ticks: Array<{ instance: string; tick: ScheduleTick }> = [];
      const record = (instance: string) => async (tick: ScheduleTick) => {
        ticks.push({ instance, tick });
      };
      await one.schedule({ name: 'heartbeat', everyMs: 300 }, record('one'));
      await two.schedule({ name: 'heartbeat', everyMs: 300 }, record('two'));
      await waitFor(() => ticks.length >= 4, 10000);
      expect([one.isScheduleLeader, two.isScheduleLeader].filter(Boolean)).toHaveLength(1);
      const leader = one.isScheduleLeader ? one : two;
      const follower = leader === one ? 'two' : 'one';
      expect(new Set(ticks.map((entry) => entry.instance)).size).toBe(1);
      await leader.close();
      await waitFor(() => ticks.some((entry) => entry.instance === follower), 10000);
      await sleep(700);
      const firedAt = ticks.map((entry) => entry.tick.firedAt);
      expect(new Set(firedAt).size).toBe(firedAt.length);
      for (const at of firedAt) expect(at % 300).toBe(0);
    }, 30000);

    it('fails the start clearly when RabbitMQ is unreachable', async () => {
      const backend = new RabbitMqQueueBackend(
        options({ connection: { url: 'amqp://guest:guest@127.0.0.1:1' }, extra: { initialConnectRetries: 1 } }),
      );
      await expect(backend.connect()).rejects.toThrow(/cannot connect to amqp:\/\/127\.0\.0\.1:1/);
      await backend.close();
    });
  });
});
