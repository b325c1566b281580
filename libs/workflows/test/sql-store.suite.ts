import type { SqlAdapter } from '@acb/adapters';
import { MigrationRunner } from '@acb/migrations';
import { BasicWorkflowEngine, RunOwnedElsewhereError, SqlWorkflowStore, WORKFLOW_MIGRATIONS, type RunRecord, type WorkflowActionFn } from '../src';
import { until } from '../../../test/until';
import { MemoryLogger, sleep } from './fixtures';

/** The SQL store's behaviour, run on SQLite (unit) and PostgreSQL (integration). */
export function runSqlStoreSuite(title: string, connect: () => Promise<{ sql: SqlAdapter; close: () => Promise<void> }>): void {
  describe(title, () => {
    let sql: SqlAdapter;
    let close: () => Promise<void>;

    beforeAll(async () => {
      ({ sql, close } = await connect());
    });

    afterAll(async () => {
      await close();
    });

    const engine = (actions: Record<string, WorkflowActionFn>, leaseMs = 30_000) =>
      new BasicWorkflowEngine({ store: new SqlWorkflowStore(sql), actions, leaseMs, logger: new MemoryLogger() });

    it('stores the run and every step transition; another store instance reads them back', async () => {
      const first = engine({ total: () => ({ total: 42, when: 'now' }), use: (params) => params });
      const result = await first.execute(
        { workflowId: 'sql-basic', steps: [{ stepId: 'a', action: 'total' }, { stepId: 'b', action: 'use', dependsOn: ['a'], params: { t: '${steps.a.output.total}', id: '${order_id}' } }] },
        { input: { order_id: 'O-1' } },
      );
      expect(result.state).toBe('COMPLETED');
      await first.close();
      const reader = engine({});
      const stored = (await reader.getRun(result.runId))!;
      expect(stored).toMatchObject({ runId: result.runId, workflowId: 'sql-basic', state: 'COMPLETED', input: { order_id: 'O-1' } });
      expect(stored.outputs).toEqual({ a: { total: 42, when: 'now' }, b: { t: 42, id: 'O-1' } });
      expect(stored.stepResults.b).toMatchObject({ state: 'COMPLETED', attempts: 1, startedAt: expect.any(Date), finishedAt: expect.any(Date) });
      expect(stored.finishedAt).toBeInstanceOf(Date);
      const listed = await reader.listRuns({ workflowId: 'sql-basic', state: 'COMPLETED', limit: 5 });
      expect(listed.map((run) => run.runId)).toEqual([result.runId]);
      expect(await reader.listRuns({ workflowId: 'sql-basic', state: 'FAILED' })).toEqual([]);
    });

    it('keeps a failed step error and retries the run from it', async () => {
      let fail = true;
      const counts: Record<string, number> = {};
      const actions: Record<string, WorkflowActionFn> = {
        step: (_p, ctx) => {
          counts[ctx.stepId] = (counts[ctx.stepId] ?? 0) + 1;
          if (ctx.stepId === 'b' && fail) throw new RangeError('quota');
          return ctx.stepId;
        },
      };
      const first = engine(actions);
      const definition = { workflowId: 'sql-retry', steps: [{ stepId: 'a', action: 'step' }, { stepId: 'b', action: 'step', dependsOn: ['a'] }] };
      const failed = await first.execute(definition);
      expect(failed.error).toEqual({ name: 'RangeError', message: 'quota', stepId: 'b' });
      const second = engine(actions);
      expect((await second.getRun(failed.runId))!.stepResults.b.error).toEqual({ name: 'RangeError', message: 'quota' });
      fail = false;
      const retried = await (await second.retry(failed.runId)).result;
      expect(retried.state).toBe('COMPLETED');
      expect(counts).toEqual({ a: 1, b: 2 });
    });

    it('returns the stored run for a repeated idempotency key, across engines', async () => {
      const calls = jest.fn(() => 1);
      const definition = { workflowId: 'sql-idem', steps: [{ stepId: 'a', action: 'a' }] };
      const one = await engine({ a: calls }).execute(definition, { idempotencyKey: 'k-1' });
      const two = await engine({ a: calls }).start(definition, { idempotencyKey: 'k-1' });
      expect(two).toMatchObject({ runId: one.runId, created: false });
      expect((await two.result).state).toBe('COMPLETED');
      expect(calls).toHaveBeenCalledTimes(1);
    });

    it('recovers a run whose process stopped: completed steps are reused, the interrupted one runs again', async () => {
      const counts: Record<string, number> = {};
      const count = (id: string) => (counts[id] = (counts[id] ?? 0) + 1);
      const crashed = engine(
        {
          a: (_p, ctx) => (count(ctx.stepId), { n: 1 }),
          hang: (_p, ctx) => (count(ctx.stepId), new Promise(() => undefined)),
          c: () => 'unreachable',
        },
        1000,
      );
      const definition = {
        workflowId: 'sql-recover',
        steps: [
          { stepId: 'a', action: 'a' },
          { stepId: 'b', action: 'hang', dependsOn: ['a'], params: { n: '${steps.a.output.n}' } },
          { stepId: 'c', action: 'c', dependsOn: ['b'] },
        ],
      };
      const { runId } = await crashed.start(definition);
      // Another process sees the running step (its RUNNING record is stored once the attempt has run 10 ms).
      const seen = await until(
        async () => (await engine({}).getRun(runId))!.stepResults,
        (steps) => steps.b.state === 'RUNNING',
        5000,
      );
      expect(seen).toMatchObject({ a: { state: 'COMPLETED' }, b: { state: 'RUNNING', attempts: 1 } });
      // The process "dies": it stops renewing its lease (nothing else of it runs any more).
      await crashed.close();

      const survivor = engine(
        {
          a: (_p, ctx) => (count(ctx.stepId), { n: 1 }),
          hang: (params, ctx) => (count(ctx.stepId), params),
          c: (_p, ctx) => (count(ctx.stepId), 'done'),
        },
        1000,
      );
      // The lease (1 s) is still alive: nobody may take the run yet.
      await expect(survivor.resume(runId)).rejects.toThrow(RunOwnedElsewhereError);
      expect(await survivor.recover()).toEqual([]);
      await sleep(1100);
      expect(await survivor.recover()).toEqual([runId]);
      const done = await survivor.wait(runId);
      expect(done.state).toBe('COMPLETED');
      expect(done.outputs).toEqual({ a: { n: 1 }, b: { n: 1 }, c: 'done' });
      expect(counts).toEqual({ a: 1, b: 2, c: 1 });
      expect(done.stepResults.b.attempts).toBe(2);
    });

    it('cancels a run a dead process left unfinished', async () => {
      const crashed = engine({ hang: () => new Promise(() => undefined), next: () => 1 }, 100);
      const { runId } = await crashed.start({ workflowId: 'sql-cancel', steps: [{ stepId: 'a', action: 'hang' }, { stepId: 'b', action: 'next', dependsOn: ['a'] }] });
      await sleep(20);
      await crashed.close();
      await sleep(150);
      const cancelled = await engine({ hang: () => 1, next: () => 1 }).cancel(runId);
      expect(cancelled.state).toBe('CANCELLED');
      expect(cancelled.stepResults).toMatchObject({ a: { state: 'SKIPPED' }, b: { state: 'SKIPPED' } });
      expect((await engine({}).getRun(runId))!.state).toBe('CANCELLED');
    });

    it('says to apply the migrations when the tables are missing', async () => {
      const store = new SqlWorkflowStore(sql);
      await sql.execute('ALTER TABLE acb_workflow_runs RENAME TO acb_workflow_runs_aside');
      try {
        await expect(new BasicWorkflowEngine({ store, actions: { a: () => 1 }, logger: new MemoryLogger() }).start({ workflowId: 'x', steps: [{ stepId: 'a', action: 'a' }] })).rejects.toThrow(
          /apply this library's migrations \(WORKFLOW_MIGRATIONS: workflows-001 CreateWorkflowTables, workflows-002/,
        );
      } finally {
        await sql.execute('ALTER TABLE acb_workflow_runs_aside RENAME TO acb_workflow_runs');
      }
    });

    it('upgrades a store of the first schema in place: its rows are kept, and a step write before the upgrade says to apply workflows-002', async () => {
      const runner = new MigrationRunner({ sql, migrations: [...WORKFLOW_MIGRATIONS], logger: new MemoryLogger() });
      const done = await engine({ a: () => ({ kept: true }) }).execute({ workflowId: 'upgrade', steps: [{ stepId: 'a', action: 'a' }] });
      await runner.rollbackTo('workflows-001');
      try {
        const store = new SqlWorkflowStore(sql);
        await expect(store.saveStep(done.runId, { stepId: 'a', state: 'COMPLETED', attempts: 2 })).rejects.toThrow(/out of date .*workflows-002 AddWorkflowStepTasks/);
        await expect(store.getRun(done.runId)).rejects.toThrow(/apply this library's migrations/);
      } finally {
        await runner.migrate();
      }
      const read = (await engine({}).getRun(done.runId))!;
      expect(read.stepResults.a).toMatchObject({ state: 'COMPLETED', output: { kept: true }, attempts: 1 });
      expect(read.stepResults.a.taskId).toBeUndefined();
    });

    it("keeps a queue step's task id and enqueue time through every transition", async () => {
      const store = new SqlWorkflowStore(sql);
      const runId = `task-${Date.now()}`;
      await store.createRun(runRecord(runId, 'task-ids'), 'queue', 0);
      const queuedAt = new Date(1_700_000_000_123);
      expect(await store.transitionStep(runId, { stepId: 's', state: 'QUEUED', attempts: 0, taskId: 't-1', queuedAt }, ['PENDING'])).toBe(true);
      expect((await store.getRun(runId))!.steps.s).toEqual({ stepId: 's', state: 'QUEUED', attempts: 0, taskId: 't-1', queuedAt });
      expect(await store.transitionStep(runId, { stepId: 's', state: 'QUEUED', attempts: 0, taskId: 't-2', queuedAt }, ['QUEUED'])).toBe(true);
      const startedAt = new Date(1_700_000_000_456);
      expect(await store.transitionStep(runId, { stepId: 's', state: 'RUNNING', attempts: 1, taskId: 't-2', queuedAt, startedAt }, ['QUEUED'])).toBe(true);
      expect((await store.getRun(runId))!.steps.s).toEqual({ stepId: 's', state: 'RUNNING', attempts: 1, taskId: 't-2', queuedAt, startedAt });
    });

    it('hands each stalled queue run to one sweeping process: RUNNING or PAUSED, of that owner, unchanged since the cutoff', async () => {
      const first = new SqlWorkflowStore(sql);
      const second = new SqlWorkflowStore(sql);
      const owner = `sweep-${Date.now()}`;
      const ids = ['r1', 'r2', 'r3', 'paused', 'done', 'other'].map((id) => `${owner}-${id}`);
      for (const runId of ids) await first.createRun(runRecord(runId, 'sweep'), runId.endsWith('other') ? 'someone-else' : owner, 0);
      await first.transitionRun(ids[3], { state: 'PAUSED' }, ['RUNNING']);
      await first.transitionRun(ids[4], { state: 'COMPLETED', finishedAt: new Date() }, ['RUNNING']);
      await sleep(15);
      const cutoff = new Date();
      expect(await first.claimStalledRuns(owner, new Date(cutoff.getTime() - 60_000), 10)).toEqual([]);
      const [a, b] = await Promise.all([first.claimStalledRuns(owner, cutoff, 10), second.claimStalledRuns(owner, cutoff, 10)]);
      expect([...a, ...b].sort()).toEqual([ids[0], ids[1], ids[2], ids[3]].sort());
      // Claimed runs count as updated now: the next sweep with the same cutoff finds none of them.
      expect(await first.claimStalledRuns(owner, cutoff, 10)).toEqual([]);
      await sleep(15);
      expect(await first.claimStalledRuns(owner, new Date(), 2)).toHaveLength(2);
    });

    it("keeps a step's record moving forward whatever order its writes land in", async () => {
      const store = new SqlWorkflowStore(sql);
      const definition = { workflowId: 'rank', steps: [{ stepId: 's' }] };
      await store.createRun({ runId: 'rank-1', workflowId: 'rank', definition, input: {}, state: 'RUNNING', startedAt: new Date(), steps: {} }, 'me', 1000);
      await store.saveStep('rank-1', { stepId: 's', state: 'COMPLETED', attempts: 1, output: { ok: 1 } });
      await store.saveStep('rank-1', { stepId: 's', state: 'RUNNING', attempts: 1 });
      expect((await store.getRun('rank-1'))!.steps.s).toMatchObject({ state: 'COMPLETED', output: { ok: 1 } });
      await store.saveStep('rank-1', { stepId: 's', state: 'RUNNING', attempts: 2 });
      expect((await store.getRun('rank-1'))!.steps.s).toMatchObject({ state: 'RUNNING', attempts: 2 });
      await store.saveStep('rank-1', { stepId: 's', state: 'FAILED', attempts: 1, error: { name: 'Error', message: 'late' } });
      expect((await store.getRun('rank-1'))!.steps.s.state).toBe('RUNNING');
    });
  });
}

/** A RUNNING run of one step `s`, as an engine would create it. */
function runRecord(runId: string, workflowId: string): RunRecord {
  return {
    runId,
    workflowId,
    definition: { workflowId, steps: [{ stepId: 's' }] },
    input: {},
    state: 'RUNNING',
    startedAt: new Date(),
    steps: { s: { stepId: 's', state: 'PENDING', attempts: 0 } },
  };
}
