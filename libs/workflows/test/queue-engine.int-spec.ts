import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestingModule } from '@nestjs/testing';
import { SqlAdapter } from '@acb/adapters';
import { MigrationRunner } from '@acb/migrations';
import { Queue } from '@acb/queues';
import { describeWithServers } from '../../../test/servers';
import { WORKFLOW_MIGRATIONS, WorkflowService } from '../src';
import { MemoryLogger } from './fixtures';
import { queueApplicationOn } from './queue-crash/queue-app';
import { isolatedPostgresUrl } from './sql-app';

jest.setTimeout(60_000);

describeWithServers(['redis', 'rabbitmq', 'postgres'], 'queue engine on the real queue backends (PostgreSQL store)', (urls) => {
  describe.each(['redis', 'rabbitmq'] as const)('%s', (backend) => {
    let app: TestingModule;
    let dir: string;
    let counter: string;

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-wfq-'));
      counter = path.join(dir, 'executions.log');
      fs.writeFileSync(counter, '');
      // NOTE: a short lease: the sweep (every third of it) runs beside the live runs of the first test, and repairs the
      // run of the second within seconds.
      app = await queueApplicationOn({ backend, url: urls[backend] }, await isolatedPostgresUrl(urls.postgres), `acb-wfq-${randomUUID().slice(0, 8)}`, counter, true, {
        leaseMs: 1500,
      });
      await new MigrationRunner({ sql: app.get(SqlAdapter), migrations: [...WORKFLOW_MIGRATIONS], logger: new MemoryLogger() }).migrate();
    });

    afterAll(async () => {
      await app?.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('runs a join workflow to COMPLETED, each step once, outputs stored', async () => {
      const service = app.get(WorkflowService);
      const results = await Promise.all([1, 2, 3].map(() => service.execute('queue-join', {})));
      for (const result of results) {
        expect(result.state).toBe('COMPLETED');
        expect(Object.keys(result.outputs).sort()).toEqual(['a', 'b1', 'b2', 'd']);
      }
      const lines = fs.readFileSync(counter, 'utf8').split('\n').filter(Boolean);
      expect(lines.map((line) => line.split(' ')[0]).sort()).toEqual(['a', 'a', 'a', 'b1', 'b1', 'b1', 'b2', 'b2', 'b2', 'd', 'd', 'd']);
      expect((await service.listRuns({ workflowId: 'queue-join', state: 'COMPLETED' })).length).toBe(3);
    });

    it('a run whose first task the queue refused is stored, and the sweep enqueues it: each step runs once', async () => {
      const service = app.get(WorkflowService);
      const queue = app.get(Queue);
      const refuse = jest.spyOn(queue, 'enqueue').mockImplementationOnce((() => Promise.reject(new Error('queue unreachable'))) as never);
      const runId = `refused-${backend}-${randomUUID()}`;
      await expect(service.start('queue-join', {}, { runId })).rejects.toThrow('queue unreachable');
      refuse.mockRestore();
      const lost = (await service.getRun(runId))!.stepResults.a;
      expect(lost).toMatchObject({ state: 'QUEUED', taskId: expect.any(String) });
      expect(await queue.getTask(lost.taskId!)).toBeUndefined();
      const before = fs.readFileSync(counter, 'utf8').split('\n').filter(Boolean).length;
      const done = await service.wait(runId);
      expect(done.state).toBe('COMPLETED');
      expect(done.stepResults.a.taskId).not.toBe(lost.taskId);
      const lines = fs.readFileSync(counter, 'utf8').split('\n').filter(Boolean).slice(before);
      expect(lines.map((line) => line.split(' ')[0]).sort()).toEqual(['a', 'b1', 'b2', 'd']);
    });
  });
});
