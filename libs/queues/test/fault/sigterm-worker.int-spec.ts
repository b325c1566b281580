/**
 * FAULT: SIGTERM a worker process with tasks in flight. The tasks that fit in the stop timeout finish; the others go
 * back to the queue (attempt not counted) and another worker completes them; the process exits within its timeout.
 */
import { randomUUID } from 'node:crypto';
import { describeWithServers } from '../../../../test/servers';
import type { QueueBackend } from '../../src/interfaces/queue-backend.interface';
import { waitFor } from './support/backend-suite';
import { enqueueMany, faultExtra, Ledger, makeBackend, tally, type FaultBackend } from './support/fault-fixtures';
import { killAll, killWorkers, startWorker } from './support/process-helpers';

const STOP_TIMEOUT_MS = 1000;

describeWithServers(['redis', 'rabbitmq'], 'fault: worker stopped with SIGTERM mid-task', (urls) => {
  afterAll(() => killAll());

  for (const backendName of ['redis', 'rabbitmq'] as FaultBackend[]) {
    it(`${backendName}: in-flight tasks finish or return to the queue; the process exits within its timeout`, async () => {
      const url = backendName === 'redis' ? urls.redis : urls.rabbitmq;
      const prefix = `acb-test-fault-term-${randomUUID().slice(0, 8)}`;
      const queue = 'work';
      const ledger = new Ledger(urls.redis);
      const producer: QueueBackend = makeBackend(backendName, url, prefix, queue);
      await producer.connect();
      const base = {
        FAULT_BACKEND: backendName,
        FAULT_URL: url,
        FAULT_PREFIX: prefix,
        FAULT_QUEUE: queue,
        FAULT_RECORD_URL: urls.redis,
        FAULT_RECORD_KEY: ledger.key,
        FAULT_CONCURRENCY: '4',
        FAULT_STOP_TIMEOUT_MS: String(STOP_TIMEOUT_MS),
        FAULT_EXTRA: JSON.stringify(faultExtra(backendName)),
      };
      try {
        // Tasks take 2.5 s: longer than the stop timeout, so the ones in flight at SIGTERM must go back.
        const slow = await startWorker({ ...base, FAULT_TASK_MS: '2500' });
        const ids = await enqueueMany(producer, queue, 12, 'term');
        await waitFor(async () => (await producer.listTasks(queue, ['active'])).length > 0 || (await ledger.completed()) > 0, 15000);
        await new Promise((resolve) => setTimeout(resolve, 300));

        const signalledAt = Date.now();
        slow.process.kill('SIGTERM');
        const exit = await slow.exited;
        const exitMs = Date.now() - signalledAt;
        expect(exit.code).toBe(0);
        expect(exitMs).toBeLessThan(STOP_TIMEOUT_MS + 4000);
        const stopped = slow.events.find((event) => event.event === 'stopped') as { report: { finished: number; returned: number } };
        expect(stopped.report.returned).toBeGreaterThan(0);
        expect(stopped.report.returned + stopped.report.finished).toBeLessThanOrEqual(4);

        // A fresh worker with quick tasks completes everything, the returned tasks included.
        const fresh = await startWorker({ ...base, FAULT_TASK_MS: '5' });
        await waitFor(async () => (await ledger.completed()) >= ids.length, 30000, 50);
        const { lost } = tally(ids, await ledger.counts());
        expect(lost).toEqual([]);
        process.stderr.write(
          `[fault] ${backendName}: SIGTERM -> exit in ${exitMs} ms, report ${JSON.stringify(stopped.report)}, lost ${lost.length}\n`,
        );
        fresh.process.kill('SIGTERM');
        expect((await fresh.exited).code).toBe(0);
      } finally {
        await killWorkers();
        await producer.obliterate(queue).catch(() => undefined);
        await producer.close();
        await ledger.close();
      }
    }, 60000);
  }
});
