/**
 * A queue worker in its own process, for the fault tests (started by process-helpers.ts with test/register-ts.js).
 * It consumes one queue with the backend under test and records every completion in Redis (HINCRBY <key> <taskId>),
 * so the test can count lost and duplicated tasks whatever happens to this process; with it, when each task last
 * completed (`<key>:at`) and which tasks this process started and finished (`<key>:started:<pid>`, `<key>:done:<pid>`),
 * so a test measures how long a dead worker's tasks took to run again elsewhere.
 * SIGTERM: graceful stop with STOP_TIMEOUT_MS, then close and exit 0. Prints JSON lines: ready, stopped.
 */
import Redis from 'ioredis';
import { BullMqQueueBackend } from '../../../src/backends/bullmq/bullmq.backend';
import { RabbitMqQueueBackend } from '../../../src/backends/rabbitmq/rabbitmq.backend';
import type { QueueBackend, QueueBackendOptions } from '../../../src/interfaces/queue-backend.interface';
import { DEFAULT_BACKOFF } from '@acb/common';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined) throw new Error(`worker-child: ${name} is not set`);
  return value;
};

async function main(): Promise<void> {
  const backendName = env('FAULT_BACKEND');
  const options: QueueBackendOptions = {
    connection: { url: env('FAULT_URL') },
    prefix: env('FAULT_PREFIX'),
    queues: [env('FAULT_QUEUE')],
    defaults: { maxRetries: 3, backoff: { ...DEFAULT_BACKOFF }, timeoutMs: 0 },
    logger: { log: () => undefined, warn: () => undefined, error: (message: unknown) => process.stderr.write(`${String(message)}\n`) },
    extra: JSON.parse(process.env.FAULT_EXTRA ?? '{}') as Record<string, unknown>,
  };
  const backend: QueueBackend = backendName === 'redis' ? new BullMqQueueBackend(options) : new RabbitMqQueueBackend(options);
  const recorder = new Redis(env('FAULT_RECORD_URL'), { maxRetriesPerRequest: null });
  const key = env('FAULT_RECORD_KEY');
  const taskMs = Number(process.env.FAULT_TASK_MS ?? '10');
  await backend.connect();
  const consumer = await backend.consume(
    env('FAULT_QUEUE'),
    {
      concurrency: Number(process.env.FAULT_CONCURRENCY ?? '10'),
      // Tasks taken back from a worker that went away (the stalled task event): recorded for the kill test.
      onStalled: ({ id }) => void recorder.sadd(`${key}:stalled`, id),
    },
    async (task, signal) => {
      // Which process started which task: the kill test finds the tasks the killed worker had in flight.
      await recorder.sadd(`${key}:started:${process.pid}`, task.id);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, taskMs);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      if (signal.aborted) return { status: 'interrupted' };
      await recorder
        .multi()
        .hincrby(key, task.id, 1)
        .hset(`${key}:at`, task.id, Date.now())
        .sadd(`${key}:done:${process.pid}`, task.id)
        .exec();
      return { status: 'completed' };
    },
  );
  process.on('SIGTERM', () => {
    void (async () => {
      const report = await consumer.stop(Number(process.env.FAULT_STOP_TIMEOUT_MS ?? '5000'));
      process.stdout.write(`${JSON.stringify({ event: 'stopped', report })}\n`);
      await backend.close();
      await recorder.quit();
      process.exit(0);
    })();
  });
  process.stdout.write(`${JSON.stringify({ event: 'ready', pid: process.pid })}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`worker-child failed: ${String(error)}\n`);
  process.exit(1);
});
