/**
 * FAULT: Redis restarts during a run (a PRIVATE redis-server on a free port, killed with SIGKILL and started again on
 * the same data), WITH THE DEFAULT SETTINGS. Producers and workers reconnect by themselves, every task Redis
 * acknowledged completes, and none stays stranded (e.g. fetched just before the outage) longer than the documented
 * bound (10 s after Redis is back).
 * Redis runs with AOF + fsync always: a write it acknowledged is on disk, so a kill loses nothing acknowledged.
 */
import { describeWithServer } from '../../../../test/servers';
import type { QueueBackend } from '../../src/interfaces/queue-backend.interface';
import { sleep, waitFor } from './support/backend-suite';
import { faultExtra, Ledger, makeBackend, RECOVERY_BOUND_MS, recoveryMs, tally } from './support/fault-fixtures';
import { request } from './support/backend-suite';
import { freePort, killAll, killWorkers, PrivateRedis, startWorker } from './support/process-helpers';

describeWithServer('redis', 'fault: Redis restarted during a run', (sharedRedisUrl) => {
  let redis: PrivateRedis;

  beforeAll(async () => {
    redis = new PrivateRedis(await freePort());
    await redis.start();
  });

  afterAll(async () => {
    await killAll();
    await redis.stop();
  });

  it(`producers and workers reconnect; every acknowledged task completes, none stranded over ${RECOVERY_BOUND_MS} ms`, async () => {
    const prefix = 'acb-fault-restart';
    const queue = 'work';
    const ledger = new Ledger(sharedRedisUrl);
    const producer: QueueBackend = makeBackend('redis', redis.url, prefix, queue);
    await producer.connect();
    try {
      const worker = await startWorker({
        FAULT_BACKEND: 'redis',
        FAULT_URL: redis.url,
        FAULT_PREFIX: prefix,
        FAULT_QUEUE: queue,
        FAULT_RECORD_URL: sharedRedisUrl,
        FAULT_RECORD_KEY: ledger.key,
        FAULT_TASK_MS: '5',
        FAULT_CONCURRENCY: '10',
        FAULT_EXTRA: JSON.stringify(faultExtra('redis')),
      });

      // The producer keeps enqueueing; an id counts as acknowledged once enqueue() resolved.
      const acknowledged: string[] = [];
      let producing = true;
      const production = (async () => {
        for (let n = 0; producing && n < 100_000; n++) {
          const id = `restart-${n}`;
          await producer.enqueue(request(queue, 'fault_task', { id, deduplicate: true, maxRetries: 3 }));
          acknowledged.push(id);
          await sleep(2);
        }
      })();

      await waitFor(async () => (await ledger.completed()) >= 200, 20000);
      await redis.kill();
      const atKill = acknowledged.length;
      await sleep(1500);
      await redis.start();
      const restartedAt = Date.now();
      // How long any task enqueued before the outage is still unfinished IN REDIS (pending, or active although no
      // worker runs it: fetched just before the outage) after Redis is back.
      const beforeKillIds = new Set(acknowledged.slice(0, atKill));
      const unfinished = ['pending', 'active', 'delayed', 'failed'] as const;
      await waitFor(
        async () => (await producer.listTasks(queue, unfinished, 5000)).every((task) => !beforeKillIds.has(task.id)),
        RECOVERY_BOUND_MS + 20000,
        100,
      );
      const settledInRedisMs = Date.now() - restartedAt;
      await waitFor(() => acknowledged.length >= atKill + 200, 30000, 50);
      producing = false;
      await production;

      await waitFor(async () => {
        const counts = await ledger.counts();
        return tally(acknowledged, counts).lost.length === 0;
      }, 40000, 200);
      const { lost, duplicates } = tally(acknowledged, await ledger.counts());
      // Every task acknowledged before the kill was due before it: the last of them completing measures how long
      // the restart held any of them back (the worker's capacity is several times the producer's rate).
      const completedAt = await ledger.completedAt();
      const beforeKill = acknowledged.slice(0, atKill);
      const stranded = recoveryMs(beforeKill, completedAt, restartedAt);
      const lateOnes = beforeKill.filter((id) => (completedAt.get(id) ?? Infinity) > restartedAt).length;
      process.stderr.write(
        `[fault] redis restart (default settings): ${acknowledged.length} acknowledged (${atKill} before the kill), lost ${lost.length}, ` +
          `duplicates ${duplicates}; ${lateOnes} of the tasks due before the outage completed after Redis was back, the last ${stranded} ms after; ` +
          `every one of them completed in Redis ${settledInRedisMs} ms after it was back\n`,
      );
      expect(lost).toEqual([]);
      expect(stranded).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
      expect(settledInRedisMs).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
      worker.process.kill('SIGTERM');
      expect((await worker.exited).code).toBe(0);
    } finally {
      await killWorkers();
      await producer.close();
      await ledger.close();
    }
  }, 120000);
});
