/**
 * A process of the crash test (crash.int-spec.ts), run as `node -r test/register-ts.js crash-child.ts`.
 * WF_MODE=start: starts the run with the standalone basic engine on SQL and prints its id; step c hangs until the
 * parent SIGKILLs this process. WF_MODE=recover: an AcbWorkflowsModule application with SQL persistence whose
 * start-up recovery resumes the run; prints the finished run as JSON. Every action execution appends its step id to
 * WF_COUNTER (synchronously, so the line survives the kill).
 */
import * as fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { AcbAdaptersModule } from '@acb/adapters';
import { AcbConfigModule } from '@acb/config';
import { AcbWorkflowsModule, BasicWorkflowEngine, SqlWorkflowStore, WorkflowAction, WorkflowService, type WorkflowActionContext } from '../../src';
import { MemoryLogger, sleep } from '../fixtures';
import { sqlAdapter } from '../sql-app';

const url = process.env.WF_PG_URL as string;
const counter = process.env.WF_COUNTER as string;
const LEASE_MS = 300;

export const CRASH_DEFINITION = {
  workflowId: 'crash-test',
  steps: [
    { stepId: 'a', action: 'a' },
    { stepId: 'b', action: 'b', dependsOn: ['a'] },
    { stepId: 'c', action: 'c', dependsOn: ['b'], params: { from: '${steps.b.output.value}' } },
    { stepId: 'd', action: 'd', dependsOn: ['c'] },
  ],
};

function record(stepId: string): void {
  fs.appendFileSync(counter, `${stepId}\n`);
}

@Injectable()
class RecoveringActions {
  @WorkflowAction('a')
  a(_p: unknown, ctx: WorkflowActionContext) {
    record(ctx.stepId);
    return { value: 'a' };
  }

  @WorkflowAction('b')
  b(_p: unknown, ctx: WorkflowActionContext) {
    record(ctx.stepId);
    return { value: 'b' };
  }

  @WorkflowAction('c')
  c(params: { from: string }, ctx: WorkflowActionContext) {
    record(ctx.stepId);
    return { value: `c after ${params.from}` };
  }

  @WorkflowAction('d')
  d(_p: unknown, ctx: WorkflowActionContext) {
    record(ctx.stepId);
    return { value: 'd' };
  }
}

async function start(): Promise<void> {
  const { sql } = await sqlAdapter({ name: 'postgres', settings: { url, poolSize: 2 } });
  const engine = new BasicWorkflowEngine({
    store: new SqlWorkflowStore(sql),
    leaseMs: LEASE_MS,
    logger: new MemoryLogger(),
    actions: {
      a: (_p, ctx) => (record(ctx.stepId), { value: 'a' }),
      b: (_p, ctx) => (record(ctx.stepId), { value: 'b' }),
      c: async (_p, ctx) => {
        record(ctx.stepId);
        await sleep(60_000, ctx.signal);
      },
      d: (_p, ctx) => (record(ctx.stepId), { value: 'd' }),
    },
  });
  const { runId } = await engine.start(CRASH_DEFINITION);
  process.stdout.write(`${JSON.stringify({ runId })}\n`);
  await sleep(60_000);
}

async function recover(): Promise<void> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AcbConfigModule.forRoot({ settingsDir: `/nonexistent-${randomUUID()}`, env: {}, values: { app: { name: 'acb-workflows-crash' } } }),
      AcbAdaptersModule.forRoot({ sql: { name: 'postgres', settings: { url, poolSize: 2 } }, categories: ['sql'] }),
      AcbWorkflowsModule.forRoot({ persistence: 'sql', leaseMs: LEASE_MS, definitions: [CRASH_DEFINITION] }),
    ],
    providers: [RecoveringActions],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  const service = moduleRef.get(WorkflowService);
  const [run] = await service.listRuns({ workflowId: 'crash-test' });
  const result = await service.wait(run.runId);
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await moduleRef.close();
}

(process.env.WF_MODE === 'recover' ? recover() : start()).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
