/**
 * Benchmark cases of the memory backend, for bench/queues.bench.ts (which owns the suite and calls `compare()`):
 * the same work through AcbQueuesModule on memory and through p-queue, same concurrency, same async no-op handler.
 * Each function runs one round and returns tasks per second (enqueue + process, end to end).
 */
import { Test } from '@nestjs/testing';
import { AcbQueuesModule, Queue, TaskRegistry, Worker } from '@acb/queues';
import PQueue from 'p-queue';

export interface MemoryBenchOptions {
  /** Tasks per round. @default 20000 */
  tasks?: number;
  /** @default 10 */
  concurrency?: number;
}

const payload = { recipient: 'user@example.com', subject: 'Welcome', body: 'Welcome to our service!' };

/** A no-op async handler: the cost measured is the queue's, not the work's. */
async function handler(): Promise<void> {
  await Promise.resolve();
}

/** Builds an app on the memory backend once; each call of the returned function is one round. */
export async function createMemoryRound(options: MemoryBenchOptions = {}): Promise<{
  round: () => Promise<number>;
  latencyRound: (samples: number) => Promise<number[]>;
  close: () => Promise<void>;
}> {
  const tasks = options.tasks ?? 20_000;
  const concurrency = options.concurrency ?? 10;
  const module = await Test.createTestingModule({
    imports: [AcbQueuesModule.forRoot({ backend: 'memory', worker: { concurrency }, backendOptions: { maxFinished: 1000 } })],
  }).compile();
  module.useLogger(false);
  await module.init();
  const queue = module.get(Queue);
  const worker = module.get(Worker);
  const registry = module.get(TaskRegistry);
  let done = 0;
  let target = 0;
  let finish: () => void = () => undefined;
  const startedAt = new Map<number, bigint>();
  const latencies: number[] = [];
  registry.register('bench_noop', async (p: { i?: number }) => {
    if (typeof p.i === 'number') {
      const t0 = startedAt.get(p.i);
      if (t0 !== undefined) latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    await handler();
    if (++done === target) finish();
  });
  await worker.start();
  return {
    round: async () => {
      done = 0;
      target = tasks;
      const all = new Promise<void>((resolve) => (finish = resolve));
      const t0 = process.hrtime.bigint();
      for (let i = 0; i < tasks; i++) await queue.enqueue('bench_noop', payload);
      await all;
      return tasks / (Number(process.hrtime.bigint() - t0) / 1e9);
    },
    latencyRound: async (samples: number) => {
      done = 0;
      target = samples;
      latencies.length = 0;
      const all = new Promise<void>((resolve) => (finish = resolve));
      for (let i = 0; i < samples; i++) {
        startedAt.set(i, process.hrtime.bigint());
        await queue.enqueue('bench_noop', { i });
        // Spaced enqueues: latency of a task into an idle worker, not of a backlog.
        if (i % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
      }
      await all;
      startedAt.clear();
      return [...latencies];
    },
    close: async () => {
      await module.close();
    },
  };
}

/** One round of the p-queue baseline: returns tasks per second. */
export async function pQueueRound(options: MemoryBenchOptions = {}): Promise<number> {
  const tasks = options.tasks ?? 20_000;
  const queue = new PQueue({ concurrency: options.concurrency ?? 10 });
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < tasks; i++) {
    const data = JSON.parse(JSON.stringify(payload)) as typeof payload;
    void queue.add(() => handler().then(() => data));
  }
  await queue.onIdle();
  return tasks / (Number(process.hrtime.bigint() - t0) / 1e9);
}
