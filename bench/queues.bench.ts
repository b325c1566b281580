/**
 * Queue benchmarks (suite `queues`), each "ours" through the public API (AcbQueuesModule: Queue.enqueue + Worker):
 * - redis: enqueue+process throughput vs raw BullMQ Queue.add/Worker, same concurrency (10), payload, Redis; once
 *   with BullMQ's default job options and once with the options ours sets (id, priority, attempts, backoff);
 * - memory: vs p-queue 6 with the same concurrency running the same handler;
 * - rabbitmq: vs raw amqplib (confirm-channel publish, prefetch-10 consumer with manual acks), once with bare
 *   messages on a plain queue and once with our wire format (priority queue, messageId/type, metadata header);
 * - enqueue-to-start latency p50/p99 of each backend with a running worker, one task at a time.
 * A round enqueues N tasks (in parallel chunks of 100) while the worker runs and ends when the N-th completes.
 */
import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { connect, type ConsumeMessage } from 'amqplib';
import { Queue as BullQueue, Worker as BullWorker } from 'bullmq';
import Redis from 'ioredis';
import PQueue from 'p-queue';
import { AcbQueuesModule, Queue, QUEUE_BACKEND, TaskRegistry, Worker, type AcbQueuesModuleOptions } from '@acb/queues';
import { RabbitMqQueueBackend } from '../libs/queues/src/backends/rabbitmq/rabbitmq.backend';
import { describeWithServers } from '../test/servers';
import { compare, percentile, record, report, throughput, type BenchResult } from './harness';

const CONCURRENCY = 10;
const PAYLOAD = { recipient: 'user@example.com', subject: 'Welcome', body: 'Welcome to our service!' };
const CHUNK = 100;
const LATENCY_SAMPLES = 200;
const quiet = { log: () => undefined, warn: () => undefined, error: () => undefined, debug: () => undefined, verbose: () => undefined };

/** Counts completions and resolves when `target` is reached. */
class Completions {
  private count = 0;
  private target = Number.POSITIVE_INFINITY;
  private resolve?: () => void;

  hit(): void {
    this.count++;
    if (this.count >= this.target) this.resolve?.();
  }

  /** Resets and returns a promise for `target` completions. */
  expect(target: number): Promise<void> {
    this.count = 0;
    this.target = target;
    return new Promise((resolve) => (this.resolve = resolve));
  }
}

async function inChunks(total: number, send: (i: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < total; start += CHUNK) {
    const size = Math.min(CHUNK, total - start);
    await Promise.all(Array.from({ length: size }, (_, i) => send(start + i)));
  }
}

interface Ours {
  module: TestingModule;
  queue: Queue;
  done: Completions;
  starts: Map<number, number>;
}

async function ours(options: AcbQueuesModuleOptions): Promise<Ours> {
  const module = await Test.createTestingModule({
    imports: [AcbQueuesModule.forRoot({ ...options, runWorker: false, worker: { concurrency: CONCURRENCY } })],
  })
    .setLogger(quiet)
    .compile();
  await module.init();
  const done = new Completions();
  const starts = new Map<number, number>();
  module.get(TaskRegistry).register('send_email', async (payload: { n?: number }) => {
    if (payload.n !== undefined) starts.set(payload.n, performance.now());
    done.hit();
  });
  await module.get(Worker).start();
  return { module, queue: module.get(Queue), done, starts };
}

async function oursRound(subject: Ours, tasks: number): Promise<number> {
  return throughput(tasks, async () => {
    const finished = subject.done.expect(tasks);
    await inChunks(tasks, () => subject.queue.enqueue('send_email', PAYLOAD));
    await finished;
  });
}

/** Enqueue one task at a time with the worker running; ms from the enqueue call to the handler's start. */
async function latency(subject: Ours): Promise<number[]> {
  const samples: number[] = [];
  for (let n = 0; n < LATENCY_SAMPLES; n++) {
    const finished = subject.done.expect(1);
    const at = performance.now();
    await subject.queue.enqueue('send_email', { ...PAYLOAD, n });
    await finished;
    samples.push((subject.starts.get(n) ?? Number.NaN) - at);
  }
  return samples;
}

async function close(subject: Ours): Promise<void> {
  await subject.module.get(Worker).stop(1000);
  await subject.module.get<{ obliterate(queue: string): Promise<void> }>(QUEUE_BACKEND).obliterate('default');
  await subject.module.close();
}

describeWithServers(['redis', 'rabbitmq'], 'queues benchmarks', (urls) => {
  const results: BenchResult[] = [];
  afterAll(() => report('queues', results));

  it('redis backend vs raw BullMQ Queue/Worker', async () => {
    const TASKS = 2000;
    const prefix = `acb-bench-q-${randomUUID().slice(0, 8)}`;
    const subject = await ours({ backend: 'redis', connection: { url: urls.redis }, prefix });
    const rawName = `raw-${randomUUID().slice(0, 8)}`;
    const rawDone = new Completions();
    const rawQueue = new BullQueue(rawName, { connection: { url: urls.redis }, prefix });
    const rawWorker = new BullWorker(rawName, async () => rawDone.hit(), { connection: { url: urls.redis }, prefix, concurrency: CONCURRENCY });
    await rawWorker.waitUntilReady();
    // NOTE: the fairness check in the other direction. Ours gives every job an id, a priority (strict priorities
    // need BullMQ's prioritized set), attempts, a backoff and a removeOnComplete bound; this baseline does the same.
    const optsName = `rawopts-${randomUUID().slice(0, 8)}`;
    const optsQueue = new BullQueue(optsName, { connection: { url: urls.redis }, prefix });
    const optsWorker = new BullWorker(optsName, async () => rawDone.hit(), { connection: { url: urls.redis }, prefix, concurrency: CONCURRENCY });
    await optsWorker.waitUntilReady();
    const addWithOptions = (): Promise<unknown> =>
      optsQueue.add('send_email', PAYLOAD, {
        jobId: randomUUID(),
        priority: 6,
        attempts: 4,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { count: 10_000 },
        removeOnFail: false,
      });
    try {
      results.push(
        await compare({
          name: 'redis enqueue+process',
          unit: 'tasks/s',
          goal: '>= 0.9',
          baselineName: 'raw BullMQ Queue.add + Worker',
          rounds: 5,
          ours: () => oursRound(subject, TASKS),
          baseline: () =>
            throughput(TASKS, async () => {
              const finished = rawDone.expect(TASKS);
              await inChunks(TASKS, () => rawQueue.add('send_email', PAYLOAD));
              await finished;
            }),
        }),
      );
      results.push(
        await compare({
          name: 'redis enqueue+process (baseline with our job options)',
          unit: 'tasks/s',
          goal: '>= 0.9',
          baselineName: 'raw BullMQ add with jobId, priority, attempts, backoff, removeOnComplete',
          rounds: 5,
          ours: () => oursRound(subject, TASKS),
          baseline: () =>
            throughput(TASKS, async () => {
              const finished = rawDone.expect(TASKS);
              await inChunks(TASKS, addWithOptions);
              await finished;
            }),
        }),
      );
      const samples = await latency(subject);
      results.push(record('redis enqueue-to-start p50', 'ms', percentile(samples, 50), '<= 20', samples.length));
      results.push(record('redis enqueue-to-start p99', 'ms', percentile(samples, 99), '<= 100', samples.length));
    } finally {
      await rawWorker.close();
      await optsWorker.close();
      await rawQueue.obliterate({ force: true });
      await rawQueue.close();
      await optsQueue.obliterate({ force: true });
      await optsQueue.close();
      await close(subject);
      const client = new Redis(urls.redis);
      let cursor = '0';
      do {
        const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 500);
        cursor = next;
        if (keys.length > 0) await client.del(...keys);
      } while (cursor !== '0');
      await client.quit();
    }
  });

  it('memory backend vs p-queue', async () => {
    const TASKS = 20_000;
    const subject = await ours({ backend: 'memory' });
    const pq = new PQueue({ concurrency: CONCURRENCY });
    const pqDone = new Completions();
    const handler = async (): Promise<void> => pqDone.hit();
    try {
      results.push(
        await compare({
          name: 'memory enqueue+process',
          unit: 'tasks/s',
          goal: '>= 1.0',
          baselineName: 'p-queue 6 add (same handler)',
          rounds: 7,
          ours: () => oursRound(subject, TASKS),
          baseline: () =>
            throughput(TASKS, async () => {
              const finished = pqDone.expect(TASKS);
              await inChunks(TASKS, async () => {
                void pq.add(() => handler());
              });
              await finished;
            }),
        }),
      );
      const samples = await latency(subject);
      results.push(record('memory enqueue-to-start p50', 'ms', percentile(samples, 50), '<= 1', samples.length));
      results.push(record('memory enqueue-to-start p99', 'ms', percentile(samples, 99), '<= 5', samples.length));
    } finally {
      await close(subject);
    }
  });

  it('rabbitmq backend vs raw amqplib publish/consume', async () => {
    const TASKS = 2000;
    const prefix = `acb-bench-q-${randomUUID().slice(0, 8)}`;
    const subject = await ours({ backend: 'rabbitmq', connection: { url: urls.rabbitmq }, prefix, backendOptions: { queueExpiresMs: 120_000 } });
    const rawName = `acb-bench-raw-${randomUUID().slice(0, 8)}`;
    const connection = await connect(urls.rabbitmq);
    const publisher = await connection.createConfirmChannel();
    const consumer = await connection.createChannel();
    await publisher.assertQueue(rawName, { durable: true });
    await consumer.prefetch(CONCURRENCY);
    const rawDone = new Completions();
    const onMessage = (channel: typeof consumer) => (message: ConsumeMessage | null) => {
      if (!message) return;
      void (async () => {
        JSON.parse(message.content.toString('utf8'));
        const meta = message.properties.headers?.['x-acb'] as string | undefined;
        if (meta !== undefined) JSON.parse(meta);
        rawDone.hit();
        channel.ack(message);
      })();
    };
    await consumer.consume(rawName, onMessage(consumer));
    // NOTE: the fairness check in the other direction. Ours needs a priority queue (strict priorities) and carries
    // its id, name and retry metadata in each message; this second baseline pays the same broker-side costs.
    const formatName = `acb-bench-rawfmt-${randomUUID().slice(0, 8)}`;
    await publisher.assertQueue(formatName, { durable: true, arguments: { 'x-max-priority': 10 } });
    const formatConsumer = await connection.createChannel();
    await formatConsumer.prefetch(CONCURRENCY);
    await formatConsumer.consume(formatName, onMessage(formatConsumer));
    const publishSameFormat = (): Promise<void> => {
      const now = Date.now();
      const meta = { attempts: 0, maxRetries: 3, backoff: { type: 'exponential', delayMs: 1000, maxDelayMs: 300_000, jitter: 0.5 }, timeoutMs: 0, createdAt: now, dueAt: now, queue: 'default' };
      const options = { persistent: true, contentType: 'application/json', priority: 5, messageId: randomUUID(), type: 'send_email', headers: { 'x-acb': JSON.stringify(meta) } };
      return new Promise((resolve, reject) =>
        publisher.sendToQueue(formatName, Buffer.from(JSON.stringify(PAYLOAD)), options, (error: unknown) => (error ? reject(error) : resolve())),
      );
    };
    const publish = (): Promise<void> =>
      new Promise((resolve, reject) =>
        publisher.sendToQueue(rawName, Buffer.from(JSON.stringify(PAYLOAD)), { persistent: true, contentType: 'application/json' }, (error: unknown) =>
          error ? reject(error) : resolve(),
        ),
      );
    try {
      results.push(
        await compare({
          name: 'rabbitmq enqueue+process',
          unit: 'tasks/s',
          goal: '>= 0.8',
          baselineName: 'raw amqplib confirm publish + prefetch consumer',
          rounds: 5,
          ours: () => oursRound(subject, TASKS),
          baseline: () =>
            throughput(TASKS, async () => {
              const finished = rawDone.expect(TASKS);
              await inChunks(TASKS, publish);
              await finished;
            }),
        }),
      );
      results.push(
        await compare({
          name: 'rabbitmq enqueue+process (baseline with our wire format)',
          unit: 'tasks/s',
          goal: '>= 0.8',
          baselineName: 'raw amqplib, priority queue + messageId/type/metadata header',
          rounds: 5,
          ours: () => oursRound(subject, TASKS),
          baseline: () =>
            throughput(TASKS, async () => {
              const finished = rawDone.expect(TASKS);
              await inChunks(TASKS, publishSameFormat);
              await finished;
            }),
        }),
      );
      const samples = await latency(subject);
      results.push(record('rabbitmq enqueue-to-start p50', 'ms', percentile(samples, 50), '<= 20', samples.length));
      results.push(record('rabbitmq enqueue-to-start p99', 'ms', percentile(samples, 99), '<= 100', samples.length));
    } finally {
      await consumer.close();
      await formatConsumer.close();
      await publisher.deleteQueue(rawName);
      await publisher.deleteQueue(formatName);
      await publisher.close();
      await connection.close();
      await subject.module.get(Worker).stop(1000);
      await subject.module.get<RabbitMqQueueBackend>(QUEUE_BACKEND).deleteQueue('default');
      await subject.module.close();
    }
  });

  it('reports finite figures', () => {
    expect(results.length).toBeGreaterThanOrEqual(11);
    for (const result of results) expect(Number.isFinite(result.ours)).toBe(true);
  });
});
