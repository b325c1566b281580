/** What the kill/stop fault tests share: backends under test, a producer, the completion ledger in Redis. */
import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { BullMqQueueBackend } from '../../../src/backends/bullmq/bullmq.backend';
import { RabbitMqQueueBackend } from '../../../src/backends/rabbitmq/rabbitmq.backend';
import type { QueueBackend, QueueBackendOptions } from '../../../src/interfaces/queue-backend.interface';
import { DEFAULT_BACKOFF } from '@acb/common';
import { request, silentLogger } from './backend-suite';

export type FaultBackend = 'redis' | 'rabbitmq';

/**
 * Worker settings that make crash recovery fast enough for a test: on Redis a dead worker's lock expires after
 * 3 s and the survivors check for stalled jobs every second; on RabbitMQ the broker re-queues at once.
 */
export function faultExtra(backend: FaultBackend): Record<string, unknown> {
  return backend === 'redis'
    ? { lockDurationMs: 3000, stalledIntervalMs: 1000, maxStalledCount: 10 }
    : { queueExpiresMs: 120_000 };
}

export function makeBackend(backend: FaultBackend, url: string, prefix: string, queue: string): QueueBackend {
  const options: QueueBackendOptions = {
    connection: { url },
    prefix,
    queues: [queue],
    defaults: { maxRetries: 3, backoff: { ...DEFAULT_BACKOFF }, timeoutMs: 0 },
    logger: silentLogger,
    extra: faultExtra(backend),
  };
  return backend === 'redis' ? new BullMqQueueBackend(options) : new RabbitMqQueueBackend(options);
}

/** Enqueues `count` tasks with ids `<run>-<n>`; resolves with the ids (each acknowledged by the backend). */
export async function enqueueMany(backend: QueueBackend, queue: string, count: number, run: string): Promise<string[]> {
  const ids: string[] = [];
  const batch = 100;
  for (let start = 0; start < count; start += batch) {
    const chunk = Array.from({ length: Math.min(batch, count - start) }, (_, i) => `${run}-${start + i}`);
    await Promise.all(
      chunk.map((id) => backend.enqueue(request(queue, 'fault_task', { id, deduplicate: true, maxRetries: 3 }))),
    );
    ids.push(...chunk);
  }
  return ids;
}

/** The ledger: HINCRBY per completion. */
export class Ledger {
  readonly key = `acb-test-fault-ledger-${randomUUID().slice(0, 8)}`;
  private readonly client: Redis;

  constructor(readonly url: string) {
    this.client = new Redis(url);
  }

  async counts(): Promise<Map<string, number>> {
    const raw = await this.client.hgetall(this.key);
    return new Map(Object.entries(raw).map(([id, count]) => [id, Number(count)]));
  }

  async completed(): Promise<number> {
    return this.client.hlen(this.key);
  }

  async close(): Promise<void> {
    await this.client.del(this.key);
    await this.client.quit();
  }
}

/** Lost = acknowledged ids never completed; duplicates = completions beyond one per id. */
export function tally(ids: string[], counts: Map<string, number>): { lost: string[]; duplicates: number } {
  const lost = ids.filter((id) => !counts.has(id));
  let duplicates = 0;
  for (const count of counts.values()) duplicates += count - 1;
  return { lost, duplicates };
}
