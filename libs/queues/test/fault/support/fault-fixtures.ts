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
 * Worker settings of the fault tests: the DEFAULTS on Redis (the recovery bound is a promise of the defaults: lock
 * 5 s renewed while a task runs, stalled check every 1.5 s); on RabbitMQ the broker re-queues a dead connection's
 * messages at once, and the test queues expire once unused.
 */
export function faultExtra(backend: FaultBackend): Record<string, unknown> {
  return backend === 'redis' ? {} : { queueExpiresMs: 120_000 };
}

/** The recovery bound the README promises with the default settings. */
export const RECOVERY_BOUND_MS = 10_000;

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

  /** When each task last completed (epoch ms, the worker's clock: same machine). */
  async completedAt(): Promise<Map<string, number>> {
    const raw = await this.client.hgetall(`${this.key}:at`);
    return new Map(Object.entries(raw).map(([id, at]) => [id, Number(at)]));
  }

  /** Tasks a live worker reported as stalled (taken back from a dead worker): the `stalled` task event. */
  async stalled(): Promise<string[]> {
    return this.client.smembers(`${this.key}:stalled`);
  }

  /** Tasks the worker process `pid` started and did not complete: what it had in flight when it died. */
  async inFlight(pid: number): Promise<string[]> {
    return this.client.sdiff(`${this.key}:started:${pid}`, `${this.key}:done:${pid}`);
  }

  async close(): Promise<void> {
    const keys = await this.client.keys(`${this.key}*`);
    if (keys.length > 0) await this.client.del(...keys);
    await this.client.quit();
  }
}

/**
 * How long after `since` the last of `ids` completed (0 when all completed before it); Infinity when one never did.
 */
export function recoveryMs(ids: string[], completedAt: Map<string, number>, since: number): number {
  let worst = 0;
  for (const id of ids) {
    const at = completedAt.get(id);
    if (at === undefined) return Infinity;
    worst = Math.max(worst, at - since);
  }
  return worst;
}

/** Lost = acknowledged ids never completed; duplicates = completions beyond one per id. */
export function tally(ids: string[], counts: Map<string, number>): { lost: string[]; duplicates: number } {
  const lost = ids.filter((id) => !counts.has(id));
  let duplicates = 0;
  for (const count of counts.values()) duplicates += count - 1;
  return { lost, duplicates };
}
