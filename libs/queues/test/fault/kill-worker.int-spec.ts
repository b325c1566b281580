/**
 * FAULT: a worker process is SIGKILLed in the middle of 2,000 tasks, WITH THE DEFAULT SETTINGS. Every task still
 * completes (at least once), none is lost, duplicates are at most what the killed worker had in flight (its
 * concurrency), and the tasks it had in flight run again on the survivor within the documented bound (10 s).
 */
import { randomUUID } from 'node:crypto';
import { describeWithServers } from '../../../../test/servers';
import type { QueueBackend } from '../../src/interfaces/queue-backend.interface';
import { waitFor } from './support/backend-suite';
import {
  enqueueMany,
  faultExtra,
  Ledger,
  makeBackend,
  RECOVERY_BOUND_MS,
  recoveryMs,
  tally,
  type FaultBackend,
} from './support/fault-fixtures';
import { killAll, killWorkers, startWorker } from './support/process-helpers';

const TASKS = 2000;
const CONCURRENCY = 10;

describeWithServers(['redis', 'rabbitmq'], 'fault: worker killed with SIGKILL mid-run', (urls) => {
  afterAll(() => killAll());

  for (const backendName of ['redis', 'rabbitmq'] as FaultBackend[]) {
    it(`${backendName}: all ${TASKS} tasks complete, none lost, duplicates <= in-flight of the killed worker, its tasks back within ${RECOVERY_BOUND_MS} ms`, async () => {
      const url = backendName === 'redis' ? urls.redis : urls.rabbitmq;
      const prefix = `acb-test-fault-kill-${randomUUID().slice(0, 8)}`;
      const queue = 'work';
      const ledger = new Ledger(urls.redis);
      const producer: QueueBackend = makeBackend(backendName, url, prefix, queue);
      await producer.connect();
      try {
        const env = {
          FAULT_BACKEND: backendName,
          FAULT_URL: url,
          FAULT_PREFIX: prefix,
          FAULT_QUEUE: queue,
          FAULT_RECORD_URL: urls.redis,
          FAULT_RECORD_KEY: ledger.key,
          FAULT_TASK_MS: '15',
          FAULT_CONCURRENCY: String(CONCURRENCY),
          FAULT_EXTRA: JSON.stringify(faultExtra(backendName)),
        };
        // The victim's tasks take longer, so it always holds a full set in flight when it is killed (whatever the
        // machine's load), and the recovery time measures those.
        const [victim, survivor] = await Promise.all([startWorker({ ...env, FAULT_TASK_MS: '150' }), startWorker(env)]);
        const ids = await enqueueMany(producer, queue, TASKS, 'kill');

        await waitFor(async () => (await ledger.completed()) >= TASKS / 4, 30000, 20);
        const killedAt = Date.now();
        victim.process.kill('SIGKILL');
        expect((await victim.exited).signal).toBe('SIGKILL');
        const completedAtKill = await ledger.completed();
        expect(completedAtKill).toBeLessThan(TASKS);
        const inFlight = await ledger.inFlight(victim.process.pid as number);
        expect(inFlight.length).toBeGreaterThan(0);

        await waitFor(async () => (await ledger.completed()) >= TASKS, 45000, 100);
        const { lost, duplicates } = tally(ids, await ledger.counts());
        const recovery = recoveryMs(inFlight, await ledger.completedAt(), killedAt);
        const stalled = new Set(await ledger.stalled());
        process.stderr.write(
          `[fault] ${backendName} (default settings): killed at ${completedAtKill}/${TASKS} completed with ${inFlight.length} in flight; ` +
            `lost ${lost.length}, duplicates ${duplicates}, its tasks ran again within ${recovery} ms; ${stalled.size} reported stalled by the survivor\n`,
        );
        expect(lost).toEqual([]);
        expect(duplicates).toBeLessThanOrEqual(CONCURRENCY);
        expect(recovery).toBeLessThanOrEqual(RECOVERY_BOUND_MS);
        // The survivor's `stalled` task event names every task the killed worker had started.
        expect(inFlight.filter((id) => !stalled.has(id))).toEqual([]);

        survivor.process.kill('SIGTERM');
        expect((await survivor.exited).code).toBe(0);
      } finally {
        await killWorkers();
        await producer.obliterate(queue).catch(() => undefined);
        await producer.close();
        await ledger.close();
      }
    }, 90000);
  }
});
