import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbAdaptersModule } from '@acb/adapters';
import { AcbConfigModule } from '@acb/config';
import { MigrationRunner } from '@acb/migrations';
import { SqlAdapter } from '@acb/adapters';
import { AcbQueuesModule, Queue, type EnqueueOptions } from '@acb/queues';
import { AcbWorkflowsModule, WORKFLOW_MIGRATIONS, WORKFLOW_STEP_TASK, WORKFLOW_STORE, WorkflowAction, WorkflowService, type WorkflowActionContext, type WorkflowStore } from '../src';
import { until } from '../../../test/until';
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

async function application(persistence: 'memory' | 'sql', database?: string, options: { leaseMs?: number; recovery?: boolean } = {}): Promise<TestingModule> {
  const imports = [
    AcbQueuesModule.forRoot({ backend: 'memory', worker: { concurrency: 4 } }),
    AcbWorkflowsModule.forRoot({ engine: 'queue', persistence, definitions: [DIAMOND], ...options }),
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

  it('a dependent stored QUEUED whose task was never enqueued (worker killed in between) gets a new task from the redelivered task', async () => {
    const service = moduleRef.get(WorkflowService);
    const actions = moduleRef.get(Actions);
    const queue = moduleRef.get(Queue);
    service.register({ workflowId: 'pair', steps: [{ stepId: 's1', action: 'start' }, { stepId: 's2', action: 'start', dependsOn: ['s1'] }] });
    // The "worker" dies after storing s2 QUEUED and before its task reaches the queue.
    const enqueue = queue.enqueue.bind(queue) as (name: string, payload?: unknown, options?: object) => ReturnType<Queue['enqueue']>;
    let killed = false;
    const died = new Promise<void>((resolve) => {
      jest.spyOn(queue, 'enqueue').mockImplementation(((name: string, payload?: { stepId?: string }, options?: object) => {
        if (payload?.stepId === 's2' && !killed) {
          killed = true;
          resolve();
          return Promise.reject(new Error('worker killed'));
        }
        return enqueue(name, payload, options);
      }) as never);
    });
    const { runId, result } = await service.start('pair');
    await died;
    await sleep(30);
    const stranded = (await service.getRun(runId))!.stepResults.s2;
    expect(stranded).toMatchObject({ state: 'QUEUED', taskId: expect.any(String), queuedAt: expect.any(Date) });
    expect(await queue.getTask(stranded.taskId!)).toBeUndefined();
    // The queue hands s1's task out again: s1 does not run again; s2 gets a task of its own and runs once.
    await queue.enqueue(WORKFLOW_STEP_TASK, { runId, stepId: 's1' });
    const done = await result;
    expect(done.state).toBe('COMPLETED');
    expect(actions.runs).toEqual({ s1: 1, s2: 1 });
    expect(done.stepResults.s2.taskId).not.toBe(stranded.taskId);
    // The step's current task is the one that ran it.
    expect(await until(() => queue.getTask(done.stepResults.s2.taskId!), (task) => task?.status === 'completed')).toMatchObject({ name: WORKFLOW_STEP_TASK });
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

describe.each(['memory', 'sql'] as const)('queue engine sweep (%s store)', (persistence) => {
  let moduleRef: TestingModule;
  let dir: string;

  beforeEach(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-wfq-sweep-'));
    moduleRef = await application(persistence, path.join(dir, 'wf.sqlite'), { leaseMs: 300, recovery: true });
  });

  afterEach(async () => {
    await moduleRef.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a run whose first step never reached the queue (the starting process died, or the queue refused) is enqueued by the sweep', async () => {
    const service = moduleRef.get(WorkflowService);
    const actions = moduleRef.get(Actions);
    const queue = moduleRef.get(Queue);
    service.register({ workflowId: 'pair', steps: [{ stepId: 's1', action: 'start' }, { stepId: 's2', action: 'start', dependsOn: ['s1'] }] });
    const refuse = jest.spyOn(queue, 'enqueue').mockImplementationOnce((() => Promise.reject(new Error('queue unreachable'))) as never);
    await expect(service.start('pair', {}, { runId: `sweep-${persistence}` })).rejects.toThrow('queue unreachable');
    refuse.mockRestore();
    const runId = `sweep-${persistence}`;
    const stored = (await service.getRun(runId))!;
    expect(stored).toMatchObject({ state: 'RUNNING', stepResults: { s1: { state: 'QUEUED' }, s2: { state: 'PENDING' } } });
    // After leaseMs unchanged, a sweep finds s1 without a task and enqueues a new one.
    const done = await service.wait(runId);
    expect(done.state).toBe('COMPLETED');
    expect(actions.runs).toEqual({ s1: 1, s2: 1 });
    expect(done.stepResults.s1.taskId).not.toBe(stored.stepResults.s1.taskId);
  });

  it('a QUEUED step given several tasks runs once (the first takes it); a RUNNING step ignores tasks that are not its own', async () => {
    const service = moduleRef.get(WorkflowService);
    const actions = moduleRef.get(Actions);
    const queue = moduleRef.get(Queue);
    actions.slowMs = 200;
    service.register({ workflowId: 'pair', steps: [{ stepId: 's1', action: 'slow' }, { stepId: 's2', action: 'start', dependsOn: ['s1'] }] });
    const enqueue = queue.enqueue.bind(queue) as (name: string, payload?: unknown, options?: EnqueueOptions) => ReturnType<Queue['enqueue']>;
    const refuse = jest.spyOn(queue, 'enqueue').mockImplementationOnce((() => Promise.reject(new Error('queue unreachable'))) as never);
    const runId = `tasks-${persistence}`;
    await expect(service.start('pair', {}, { runId })).rejects.toThrow('queue unreachable');
    refuse.mockRestore();
    // Two tasks for the QUEUED s1 (as a sweep may give it one while an old one still waits somewhere): one runs it.
    const [first, second] = await Promise.all([
      enqueue(WORKFLOW_STEP_TASK, { runId, stepId: 's1' }, { jobId: `${runId}-a` }),
      enqueue(WORKFLOW_STEP_TASK, { runId, stepId: 's1' }, { jobId: `${runId}-b` }),
    ]);
    const running = await until(() => service.getRun(runId), (run) => run?.stepResults.s1.state === 'RUNNING');
    expect([first.id, second.id]).toContain(running!.stepResults.s1.taskId);
    // A third task while s1 runs: not its task, so it does nothing.
    await enqueue(WORKFLOW_STEP_TASK, { runId, stepId: 's1' }, { jobId: `${runId}-c` });
    const done = await service.wait(runId);
    expect(done.state).toBe('COMPLETED');
    expect(actions.runs).toEqual({ s1: 1, s2: 1 });
  });

  it('a task of a step still PENDING (its dependency not done) does nothing: the step starts after its dependency', async () => {
    const service = moduleRef.get(WorkflowService);
    const actions = moduleRef.get(Actions);
    const queue = moduleRef.get(Queue);
    actions.slowMs = 150;
    service.register({ workflowId: 'chain', steps: [{ stepId: 's1', action: 'slow' }, { stepId: 's2', action: 'start', dependsOn: ['s1'] }] });
    const { runId, result } = await service.start('chain');
    await until(() => service.getRun(runId), (run) => run?.stepResults.s1.state === 'RUNNING');
    await queue.enqueue(WORKFLOW_STEP_TASK, { runId, stepId: 's2' }, { jobId: `${runId}-early` });
    const done = await result;
    expect(done.state).toBe('COMPLETED');
    expect(actions.runs).toEqual({ s1: 1, s2: 1 });
    expect(done.stepResults.s2.startedAt!.getTime()).toBeGreaterThanOrEqual(done.stepResults.s1.finishedAt!.getTime());
  });

  it('leaves a step whose task is waiting in the queue alone, however long it waits', async () => {
    const service = moduleRef.get(WorkflowService);
    const actions = moduleRef.get(Actions);
    const queue = moduleRef.get(Queue);
    service.register({ workflowId: 'later', steps: [{ stepId: 's1', action: 'start' }] });
    const enqueue = queue.enqueue.bind(queue) as (name: string, payload?: unknown, options?: EnqueueOptions) => ReturnType<Queue['enqueue']>;
    // The step's task is delayed (a long backlog): it stays the step's task through several sweeps.
    const delay = jest.spyOn(queue, 'enqueue').mockImplementationOnce(((name: string, payload?: unknown, options?: EnqueueOptions) =>
      enqueue(name, payload, { ...options, delayMs: 1500 })) as never);
    const { runId, result } = await service.start('later');
    delay.mockRestore();
    const taskId = (await service.getRun(runId))!.stepResults.s1.taskId!;
    await sleep(1000);
    expect((await service.getRun(runId))!.stepResults.s1).toMatchObject({ state: 'QUEUED', taskId });
    const done = await result;
    expect(done.state).toBe('COMPLETED');
    expect(done.stepResults.s1.taskId).toBe(taskId);
    expect(actions.runs).toEqual({ s1: 1 });
  });
});
