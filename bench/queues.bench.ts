/**
 * Queue benchmarks (suite `queues`), a plain node script (bench/harness.ts). Each "ours" goes through the public
 * API (an AcbQueuesModule application context: Queue.enqueue / enqueueMany + the Worker), at worker concurrency 10
 * and 100, a round being TASKS tasks enqueued (100 calls in flight, or batches of 100) while the worker runs and
 * ending when the last one completes:
 * - redis, a queue without priorities (`backendOptions.priorities: false`) vs raw BullMQ Queue.add + Worker with
 *   BullMQ's default job options; the same with `enqueueMany` in batches of 100 vs `Queue.addBulk`; and
 *   (informative: what our own layers cost) vs raw BullMQ given the same guarantees — a job id of the same shape,
 *   attempts, backoff, bounded retention (`removeOnComplete: { count }`), the same lock and stalled-check settings;
 * - redis, a queue with priorities (`priorities: true`), tasks enqueued with a priority, vs raw BullMQ given the same
 *   job options ours sets (jobId, priority, attempts, backoff, removeOnComplete);
 * - memory vs p-queue 6 running the same handler at the same concurrency;
 * - rabbitmq, a plain queue (no priorities) vs raw amqplib (confirm-channel publish, prefetch consumer, manual
 *   acks) on a plain queue with bare messages; a priority queue vs raw amqplib with our wire format (metadata and
 *   payload in one JSON body) on an x-max-priority queue;
 * - enqueue-to-start latency p50/p99 of each backend with a running worker, one task at a time.
 */
import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import { Module, type INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { connect, type Channel, type ConsumeMessage } from 'amqplib';
import { Queue as BullQueue, Worker as BullWorker, type JobsOptions, type WorkerOptions } from 'bullmq';
import Redis from 'ioredis';
import PQueue from 'p-queue';
import { AcbQueuesModule, Queue, QUEUE_BACKEND, TaskRegistry, Worker, type AcbQueuesModuleOptions } from '@acb/queues';
import { compare, percentile, quietLogger, record, report, servers, throughput, withConcurrency, type BenchResult } from './harness';

const CONCURRENCIES = [10, 100];
const TASKS = 3000;
const MEMORY_TASKS = 20_000;
const ROUNDS = 7;
const IN_FLIGHT = 100;
const BATCH = 100;
const LATENCY_SAMPLES = 200;
const PAYLOAD = { recipient: 'user@example.com', subject: 'Welcome', body: 'Welcome to our service!' };

/** An id of the shape ours gives a task (@acb/queues' newTaskId: 96 random bits, 16 base64url characters). */
const taskId = (): string => randomBytes(12).toString('base64url');

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
  waitFor(target: number): Promise<void> {
    this.count = 0;
    this.target = target;
    return new Promise((resolve) => (this.resolve = resolve));
  }
}

/** `total` sends with IN_FLIGHT of them in flight at once. */
const send = (total: number, one: (i: number) => Promise<unknown>): Promise<void> => withConcurrency(total, IN_FLIGHT, one);

/** `total` items in batches of BATCH, one batch at a time. */
async function inBatches(total: number, batch: (size: number) => Promise<unknown>): Promise<void> {
  for (let start = 0; start < total; start += BATCH) await batch(Math.min(BATCH, total - start));
}

interface Ours {
  context: INestApplicationContext;
  queue: Queue;
  done: Completions;
  starts: Map<number, number>;
}

async function ours(options: AcbQueuesModuleOptions, concurrency: number): Promise<Ours> {
  @Module({ imports: [AcbQueuesModule.forRoot({ ...options, runWorker: false, worker: { concurrency } })] })
  class BenchQueuesModule {}
  const context = await NestFactory.createApplicationContext(BenchQueuesModule, { logger: quietLogger });
  await context.init();
  const done = new Completions();
  const starts = new Map<number, number>();
  context.get(TaskRegistry).register('send_email', async (payload: { n?: number }) => {
    if (payload.n !== undefined) starts.set(payload.n, performance.now());
    done.hit();
  });
  await context.get(Worker).start();
  return { context, queue: context.get(Queue), done, starts };
}

const oursRound = (subject: Ours, enqueue: (i: number) => Promise<unknown>) => () =>
  throughput(TASKS, async () => {
    const finished = subject.done.waitFor(TASKS);
    await send(TASKS, enqueue);
    await finished;
  });

const oursBatchRound = (subject: Ours) => () =>
  throughput(TASKS, async () => {
    const finished = subject.done.waitFor(TASKS);
    await inBatches(TASKS, (size) => subject.queue.enqueueMany(Array.from({ length: size }, () => ({ name: 'send_email', payload: PAYLOAD }))));
    await finished;
  });

/** Enqueue one task at a time with the worker running; ms from the enqueue call to the handler's start. */
async function latency(subject: Ours): Promise<number[]> {
  const samples: number[] = [];
  for (let n = 0; n < LATENCY_SAMPLES; n++) {
    const finished = subject.done.waitFor(1);
    const at = performance.now();
    await subject.queue.enqueue('send_email', { ...PAYLOAD, n });
    await finished;
    samples.push((subject.starts.get(n) ?? Number.NaN) - at);
  }
  return samples;
}

async function close(subject: Ours, cleanup: (backend: never) => Promise<void>): Promise<void> {
  await subject.context.get(Worker).stop(1000);
  await cleanup(subject.context.get(QUEUE_BACKEND) as never);
  await subject.context.close();
}

const obliterate = (backend: { obliterate(queue: string): Promise<void> }) => backend.obliterate('default');

/** The priorities a queue that uses them sees in the rounds: mostly normal, some of every other level. */
const PRIORITIES = ['normal', 'high', 'normal', 'low', 'normal', 'critical'] as const;

async function redisRows(url: string): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const prefix = `acb-bench-q-${randomUUID().slice(0, 8)}`;
  const connection = { url };
  try {
    for (const concurrency of CONCURRENCIES) {
      const plain = await ours({ backend: 'redis', connection, prefix: `${prefix}-p${concurrency}`, backendOptions: { priorities: false } }, concurrency);
      const prioritized = await ours({ backend: 'redis', connection, prefix: `${prefix}-q${concurrency}`, backendOptions: { priorities: true } }, concurrency);
      const rawDone = new Completions();
      const raw = (name: string, settings: Partial<WorkerOptions> = {}) => ({
        queue: new BullQueue(name, { connection, prefix }),
        worker: new BullWorker(name, async () => rawDone.hit(), { connection, prefix, concurrency, ...settings }),
      });
      const bare = raw(`raw-${concurrency}`);
      const withOptions = raw(`rawopts-${concurrency}`);
      // NOTE: BullMQ configured for what ours guarantees: the 10 s recovery bound's lock and stalled-check settings.
      const guaranteed = raw(`rawsame-${concurrency}`, { lockDuration: 5_000, stalledInterval: 1_500, maxStalledCount: 5, settings: { backoffStrategy: () => 1_000 } });
      await Promise.all([bare.worker.waitUntilReady(), withOptions.worker.waitUntilReady(), guaranteed.worker.waitUntilReady()]);
      // NOTE: what ours sets on a job of a queue with priorities: id, priority, attempts, backoff, retention.
      const sameOptions = (i: number): JobsOptions => ({
        jobId: taskId(),
        priority: 11 - [5, 7, 5, 2, 5, 10][i % 6],
        attempts: 4,
        backoff: { type: 'exponential', delay: 1000 },
        removeOnComplete: { count: 10_000 },
        removeOnFail: false,
      });
      // NOTE: what ours sets on a job of a queue without priorities: id, attempts, backoff, retention (kept bounded).
      const sameGuarantees = (): JobsOptions => ({
        jobId: taskId(),
        attempts: 4,
        backoff: { type: 'acb' },
        removeOnComplete: { count: 10_000 },
        removeOnFail: false,
      });
      const rawRound = (enqueue: (i: number) => Promise<unknown>) => () =>
        throughput(TASKS, async () => {
          const finished = rawDone.waitFor(TASKS);
          await send(TASKS, enqueue);
          await finished;
        });
      try {
        results.push(
          await compare({
            name: `redis enqueue+process, no priorities (concurrency ${concurrency}, ${TASKS} tasks)`,
            unit: 'tasks/s',
            goal: '>= 0.9',
            baselineName: 'raw BullMQ Queue.add + Worker, default job options',
            rounds: ROUNDS,
            ours: oursRound(plain, () => plain.queue.enqueue('send_email', PAYLOAD)),
            baseline: rawRound(() => bare.queue.add('send_email', PAYLOAD)),
          }),
          await compare({
            name: `redis enqueue+process, no priorities, vs BullMQ with the same guarantees (concurrency ${concurrency}, ${TASKS} tasks; informative)`,
            unit: 'tasks/s',
            goal: '>= 0.9',
            baselineName: 'raw BullMQ add with the same jobId shape, attempts, backoff, retention; the same lock and stalled-check settings',
            rounds: ROUNDS,
            ours: oursRound(plain, () => plain.queue.enqueue('send_email', PAYLOAD)),
            baseline: rawRound(() => guaranteed.queue.add('send_email', PAYLOAD, sameGuarantees())),
          }),
          await compare({
            name: `redis enqueueMany+process, batches of ${BATCH} (concurrency ${concurrency}, ${TASKS} tasks)`,
            unit: 'tasks/s',
            goal: '>= 0.9',
            baselineName: 'raw BullMQ Queue.addBulk + Worker, default job options',
            rounds: ROUNDS,
            ours: oursBatchRound(plain),
            baseline: () =>
              throughput(TASKS, async () => {
                const finished = rawDone.waitFor(TASKS);
                await inBatches(TASKS, (size) => bare.queue.addBulk(Array.from({ length: size }, () => ({ name: 'send_email', data: PAYLOAD }))));
                await finished;
              }),
          }),
          await compare({
            name: `redis enqueue+process, with priorities (concurrency ${concurrency}, ${TASKS} tasks)`,
            unit: 'tasks/s',
            goal: '>= 0.95',
            baselineName: 'raw BullMQ add with the same jobId, priority, attempts, backoff, removeOnComplete',
            rounds: ROUNDS,
            ours: oursRound(prioritized, (i) => prioritized.queue.enqueue('send_email', PAYLOAD, { priority: PRIORITIES[i % 6] })),
            baseline: rawRound((i) => withOptions.queue.add('send_email', PAYLOAD, sameOptions(i))),
          }),
        );
        if (concurrency === CONCURRENCIES[0]) {
          const samples = await latency(plain);
          results.push(record('redis enqueue-to-start p50', 'ms', percentile(samples, 50), '<= 20', samples.length));
          results.push(record('redis enqueue-to-start p99', 'ms', percentile(samples, 99), '<= 100', samples.length));
        }
      } finally {
        for (const side of [bare, withOptions, guaranteed]) {
          await side.worker.close();
          await side.queue.obliterate({ force: true });
          await side.queue.close();
        }
        await close(plain, obliterate);
        await close(prioritized, obliterate);
      }
    }
  } finally {
    const client = new Redis(url);
    let cursor = '0';
    do {
      const [next, keys] = await client.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await client.del(...keys);
    } while (cursor !== '0');
    await client.quit();
  }
  return results;
}

async function memoryRows(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  for (const concurrency of CONCURRENCIES) {
    const subject = await ours({ backend: 'memory' }, concurrency);
    const pq = new PQueue({ concurrency });
    const pqDone = new Completions();
    const handler = async (): Promise<void> => pqDone.hit();
    try {
      results.push(
        await compare({
          name: `memory enqueue+process (concurrency ${concurrency}, ${MEMORY_TASKS} tasks)`,
          unit: 'tasks/s',
          goal: '>= 1.0',
          baselineName: 'p-queue 6 add (same handler)',
          rounds: 7,
          ours: () =>
            throughput(MEMORY_TASKS, async () => {
              const finished = subject.done.waitFor(MEMORY_TASKS);
              await send(MEMORY_TASKS, () => subject.queue.enqueue('send_email', PAYLOAD));
              await finished;
            }),
          baseline: () =>
            throughput(MEMORY_TASKS, async () => {
              const finished = pqDone.waitFor(MEMORY_TASKS);
              await send(MEMORY_TASKS, async () => {
                void pq.add(() => handler());
              });
              await finished;
            }),
        }),
      );
      if (concurrency === CONCURRENCIES[0]) {
        const samples = await latency(subject);
        results.push(record('memory enqueue-to-start p50', 'ms', percentile(samples, 50), '<= 1', samples.length));
        results.push(record('memory enqueue-to-start p99', 'ms', percentile(samples, 99), '<= 5', samples.length));
      }
    } finally {
      await close(subject, obliterate);
    }
  }
  return results;
}

async function rabbitRows(url: string): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const prefix = `acb-bench-q-${randomUUID().slice(0, 8)}`;
  // NOTE: publisher and consumers on separate connections, as RabbitMQ recommends: on one connection the broker's
  // flow control on publishes also holds back the consumer's acks (raw amqplib then fell to ~2,000 tasks/s at prefetch
  // 100 here). Ours does the same (publishing and consuming connections of its own).
  const connection = await connect(url);
  const consuming = await connect(url);
  const publisher = await connection.createConfirmChannel();
  const rawDone = new Completions();
  const onMessage = (channel: Channel) => (message: ConsumeMessage | null) => {
    if (!message) return;
    void (async () => {
      // Bare: the payload; our wire format: the envelope (metadata + payload), both one JSON body.
      JSON.parse(message.content.toString('utf8'));
      rawDone.hit();
      channel.ack(message);
    })();
  };
  const publish = (queue: string, options: object, content = Buffer.from(JSON.stringify(PAYLOAD))): Promise<void> =>
    new Promise((resolve, reject) => publisher.sendToQueue(queue, content, options, (error: unknown) => (error ? reject(error) : resolve())));
  // NOTE: our wire format (libs/queues/src/backends/rabbitmq/rabbitmq-message.ts): one JSON body holding the task's
  // metadata and its payload, messageId/type/priority properties, no headers.
  const sameFormat = (i: number) => {
    const now = Date.now();
    const envelope = { attempts: 0, maxRetries: 3, backoff: { type: 'exponential', delayMs: 1000, maxDelayMs: 300_000, multiplier: 2, jitter: 0.5 }, timeoutMs: 0, createdAt: now, dueAt: now, queue: 'default', payload: PAYLOAD };
    return {
      content: Buffer.from(JSON.stringify(envelope)),
      options: { persistent: true, contentType: 'application/vnd.acb.task+json', priority: [5, 7, 5, 2, 5, 10][i % 6], messageId: taskId(), type: 'send_email' },
    };
  };
  const rawRound = (enqueue: (i: number) => Promise<unknown>) => () =>
    throughput(TASKS, async () => {
      const finished = rawDone.waitFor(TASKS);
      await send(TASKS, enqueue);
      await finished;
    });
  try {
    for (const concurrency of CONCURRENCIES) {
      const backendOptions = { queueExpiresMs: 120_000 };
      const plain = await ours({ backend: 'rabbitmq', connection: { url }, prefix: `${prefix}-p${concurrency}`, backendOptions: { ...backendOptions, priorities: false } }, concurrency);
      const prioritized = await ours({ backend: 'rabbitmq', connection: { url }, prefix: `${prefix}-q${concurrency}`, backendOptions: { ...backendOptions, priorities: true } }, concurrency);
      const bareName = `${prefix}-raw-${concurrency}`;
      const formatName = `${prefix}-rawfmt-${concurrency}`;
      await publisher.assertQueue(bareName, { durable: true });
      await publisher.assertQueue(formatName, { durable: true, arguments: { 'x-max-priority': 10 } });
      const consumers: Channel[] = [];
      for (const name of [bareName, formatName]) {
        const consumer = await consuming.createChannel();
        await consumer.prefetch(concurrency);
        await consumer.consume(name, onMessage(consumer));
        consumers.push(consumer);
      }
      const deleteQueue = (backend: { deleteQueue(queue: string): Promise<void> }) => backend.deleteQueue('default');
      try {
        results.push(
          await compare({
            name: `rabbitmq enqueue+process, plain queue (concurrency ${concurrency}, ${TASKS} tasks)`,
            unit: 'tasks/s',
            goal: '>= 0.8',
            baselineName: 'raw amqplib confirm publish + prefetch consumer, plain queue',
            rounds: ROUNDS,
            ours: oursRound(plain, () => plain.queue.enqueue('send_email', PAYLOAD)),
            baseline: rawRound(() => publish(bareName, { persistent: true, contentType: 'application/json' })),
          }),
          await compare({
            name: `rabbitmq enqueue+process, priority queue (concurrency ${concurrency}, ${TASKS} tasks)`,
            unit: 'tasks/s',
            goal: '>= 0.8',
            baselineName: 'raw amqplib, x-max-priority queue + our wire format (priority/messageId/type, metadata + payload in one JSON body)',
            rounds: ROUNDS,
            ours: oursRound(prioritized, (i) => prioritized.queue.enqueue('send_email', PAYLOAD, { priority: PRIORITIES[i % 6] })),
            baseline: rawRound((i) => {
              const { content, options } = sameFormat(i);
              return publish(formatName, options, content);
            }),
          }),
        );
        if (concurrency === CONCURRENCIES[0]) {
          const samples = await latency(plain);
          results.push(record('rabbitmq enqueue-to-start p50', 'ms', percentile(samples, 50), '<= 20', samples.length));
          results.push(record('rabbitmq enqueue-to-start p99', 'ms', percentile(samples, 99), '<= 100', samples.length));
        }
      } finally {
        for (const consumer of consumers) await consumer.close();
        await publisher.deleteQueue(bareName);
        await publisher.deleteQueue(formatName);
        await close(plain, deleteQueue);
        await close(prioritized, deleteQueue);
      }
    }
  } finally {
    await publisher.close();
    await connection.close();
    await consuming.close();
  }
  return results;
}

async function main(): Promise<void> {
  const only = process.argv.slice(2);
  const wants = (backend: string) => only.length === 0 || only.includes(backend);
  const results: BenchResult[] = [];
  if (wants('redis')) {
    const urls = servers('queues', ['redis']);
    if (urls) results.push(...(await redisRows(urls.redis)));
  }
  if (wants('memory')) results.push(...(await memoryRows()));
  if (wants('rabbitmq')) {
    const urls = servers('queues', ['rabbitmq']);
    if (urls) results.push(...(await rabbitRows(urls.rabbitmq)));
  }
  report('queues', results);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
