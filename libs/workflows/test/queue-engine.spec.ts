import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbAdaptersModule } from '@acb/adapters';
import { AcbConfigModule } from '@acb/config';
import { MigrationRunner } from '@acb/migrations';
import { SqlAdapter } from '@acb/adapters';
import { AcbQueuesModule, Queue } from '@acb/queues';
import { AcbWorkflowsModule, WORKFLOW_MIGRATIONS, WORKFLOW_STEP_TASK, WORKFLOW_STORE, WorkflowAction, WorkflowService, type WorkflowActionContext, type WorkflowStore } from '../src';
import { MemoryLogger, sleep } from './fixtures';

/** Two branches that finish at the same instant, and a join depending on both. */
@Injectable()
class Actions {
  readonly runs: Record<string, number> = {};
  release!: () => void;
  gate = new Promise<void>((resolve) => (this.release = resolve));

  private count(ctx: WorkflowActionContext) {
    this.runs[ctx.stepId] = (this.runs[ctx.stepId] ?? 0) + 1;
  }

  @WorkflowAction('start')
  start(_p: unknown, ctx: WorkflowActionContext) {
    this.count(ctx);
    return { total: 7 };
  }

  @WorkflowAction('branch')
  async branch(_p: unknown, ctx: WorkflowActionContext) {
    this.count(ctx);
    await this.gate;
    return ctx.stepId;
  }

  @WorkflowAction('join')
  join(params: unknown, ctx: WorkflowActionContext) {
    this.count(ctx);
    return params;
  }

  @WorkflowAction('fail')
  fail(_p: unknown, ctx: WorkflowActionContext) {
    this.count(ctx);
    throw new Error('boom');
  }

  slowMs = 40;

  @WorkflowAction('slow')
  async slow(_p: unknown, ctx: WorkflowActionContext) {
    this.count(ctx);
    await sleep(this.slowMs, ctx.signal);
    return 'slow';
  }
}

const DIAMOND = {
  workflowId: 'diamond',
  steps: [
    { stepId: 'a', action: 'start' },
    { stepId: 'b', action: 'branch', dependsOn: ['a'] },
    { stepId: 'c', action: 'branch', dependsOn: ['a'] },
    { stepId: 'd', action: 'join', dependsOn: ['b', 'c'], params: { total: '${steps.a.output.total}', b: '${steps.b.output}' } },
  ],
};

async function application(persistence: 'memory' | 'sql', database?: string): Promise<TestingModule> {
  const imports = [
    AcbQueuesModule.forRoot({ backend: 'memory', worker: { concurrency: 4 } }),
    AcbWorkflowsModule.forRoot({ engine: 'queue', persistence, definitions: [DIAMOND] }),
  ];
  if (persistence === 'sql') {
    imports.unshift(
      AcbConfigModule.forRoot({ settingsDir: `/nonexistent-${database}`, env: {}, values: { app: { name: 'wf-queue' } } }) as never,
      AcbAdaptersModule.forRoot({ sql: { name: 'sqlite', settings: { database } }, categories: ['sql'] }) as never,
    );
  }
  const moduleRef = await Test.createTestingModule({ imports, providers: [Actions] })
    .setLogger(new MemoryLogger())
    .compile();
  if (persistence === 'sql') {
    await new MigrationRunner({ sql: moduleRef.get(SqlAdapter), migrations: [...WORKFLOW_MIGRATIONS], logger: new MemoryLogger() }).migrate();
  }
  await moduleRef.init();
  return moduleRef;
}

describe.each(['memory', 'sql'] as const)('queue engine on the memory queue backend (%s store)', (persistence) => {
  let moduleRef: TestingModule;
  let dir: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-wfq-'));
    moduleRef = await application(persistence, path.join(dir, 'wf.sqlite'));
  });

  afterEach(async () => {
    await moduleRef.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs each ready step as a queue task; two branches finishing at once enqueue their join exactly once', async () => {
    const actions = moduleRef.get(Actions);
    const queue = moduleRef.get(Queue);
    const enqueue = jest.spyOn(queue, 'enqueue');
    const { runId, result } = await moduleRef.get(WorkflowService).start('diamond');
    await sleep(20);
    actions.release();
    const done = await result;
    expect(done).toMatchObject({ runId, state: 'COMPLETED' });
    expect(done.outputs.d).toEqual({ total: 7, b: 'b' });
    expect(actions.runs).toEqual({ a: 1, b: 1, c: 1, d: 1 });
    expect(enqueue.mock.calls.filter(([name]) => name === WORKFLOW_STEP_TASK).map(([, payload]) => (payload as { stepId: string }).stepId).sort()).toEqual([
      'a',
      'b',
      'c',
      'd',
    ]);
    expect((await moduleRef.get(WorkflowService).getRun(runId))!.stepResults.d.state).toBe('COMPLETED');
  });

  it('a step task handed out again after its completion was stored schedules what follows (worker died in between)', async () => {
    const service = moduleRef.get(WorkflowService);
    const actions = moduleRef.get(Actions);
    const store = moduleRef.get<WorkflowStore>(WORKFLOW_STORE);
    const queue = moduleRef.get(Queue);
    service.register({ workflowId: 'pair', steps: [{ stepId: 's1', action: 'start' }, { stepId: 's2', action: 'start', dependsOn: ['s1'] }] });
    // The "worker" dies right after s1's COMPLETED record is stored: the scheduling of s2 never happens.
    const transition = store.transitionStep.bind(store);
    const died = new Promise<void>((resolve) => {
      jest.spyOn(store, 'transitionStep').mockImplementation(async (runId, step, from) => {
        if (step.stepId === 's2' && step.state === 'QUEUED' && (await store.getRun(runId))?.steps.s1?.state === 'COMPLETED' && !actions.runs.s2) {
          resolve();
          throw new Error('worker killed');
        }
        return transition(runId, step, from);
      });
    });
    const { runId, result } = await service.start('pair');
    await died;
    await sleep(30);
    expect((await service.getRun(runId))!.stepResults).toMatchObject({ s1: { state: 'COMPLETED' }, s2: { state: 'PENDING' } });
    jest.mocked(store.transitionStep).mockRestore();
    // The queue hands s1's task out again (BullMQ's stalled check, RabbitMQ's redelivery): s1 does not run again, s2 runs.
    await queue.enqueue(WORKFLOW_STEP_TASK, { runId, stepId: 's1' });
    const done = await result;
    expect(done.state).toBe('COMPLETED');
    expect(done.stepResults.s2.state).toBe('COMPLETED');
    expect(actions.runs).toEqual({ s1: 1, s2: 1 });
  });

  it('fails the run on a failed step, skipping its dependents', async () => {
    const service = moduleRef.get(WorkflowService);
    service.register({ workflowId: 'failing', steps: [{ stepId: 'x', action: 'fail' }, { stepId: 'y', action: 'start', dependsOn: ['x'] }] });
    const result = await service.execute('failing');
    expect(result.state).toBe('FAILED');
    expect(result.error).toEqual({ name: 'Error', message: 'boom', stepId: 'x' });
    expect(result.stepResults.y.state).toBe('SKIPPED');
  });

  it('pauses (queued steps are held back) and resumes; cancels', async () => {
    const service = moduleRef.get(WorkflowService);
    const actions = moduleRef.get(Actions);
    service.register({ workflowId: 'chain', steps: [{ stepId: 's1', action: 'slow' }, { stepId: 's2', action: 'slow', dependsOn: ['s1'] }] });
    const { runId, result } = await service.start('chain');
    await service.pause(runId);
    await sleep(100);
    expect(actions.runs.s2).toBeUndefined();
    expect((await service.getRun(runId))!.state).toBe('PAUSED');
    await service.resume(runId);
    expect((await result).state).toBe('COMPLETED');
    expect(actions.runs).toMatchObject({ s1: 1, s2: 1 });

    const second = await service.start('chain');
    await sleep(10);
    expect((await service.cancel(second.runId)).state).toBe('CANCELLED');
    expect((await second.result).stepResults.s2.state).toBe('SKIPPED');
  });

  it('fails a run past its timeout and cancels its running step', async () => {
    const service = moduleRef.get(WorkflowService);
    service.register({ workflowId: 'timed', timeoutMs: 50, steps: [{ stepId: 'long', action: 'slow', timeoutMs: 5000 }, { stepId: 'x', action: 'slow', dependsOn: ['long'] }] });
    moduleRef.get(Actions).slowMs = 2000;
    const result = await service.execute('timed');
    expect(result.state).toBe('FAILED');
    expect(result.error).toMatchObject({ name: 'WorkflowTimeoutError' });
    expect(result.stepResults).toMatchObject({ long: { state: 'CANCELLED' }, x: { state: 'SKIPPED' } });
  });
});
