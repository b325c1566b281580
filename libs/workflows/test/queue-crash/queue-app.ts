import * as fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbAdaptersModule } from '@acb/adapters';
import { AcbConfigModule } from '@acb/config';
import { AcbQueuesModule } from '@acb/queues';
import { AcbWorkflowsModule, WorkflowAction, type WorkflowActionContext } from '../../src';
import { sleep } from '../fixtures';

/** The workflow of the worker-kill test: a -> (b1, b2) -> c -> d. */
export const QUEUE_CRASH_DEFINITION = {
  workflowId: 'queue-crash',
  steps: [
    { stepId: 'a', action: 'record' },
    { stepId: 'b1', action: 'record', dependsOn: ['a'] },
    { stepId: 'b2', action: 'record', dependsOn: ['a'] },
    { stepId: 'c', action: 'hang_once', dependsOn: ['b1', 'b2'] },
    { stepId: 'd', action: 'record', dependsOn: ['c'] },
  ],
};

/** Every execution appends `<stepId> <pid>` to the counter file (synchronously: the line survives a SIGKILL). */
@Injectable()
class CountingActions {
  constructor(private readonly counter: string) {}

  private record(ctx: WorkflowActionContext): string[] {
    const before = fs.readFileSync(this.counter, 'utf8').split('\n').filter(Boolean);
    fs.appendFileSync(this.counter, `${ctx.stepId} ${process.pid}\n`);
    return before;
  }

  @WorkflowAction('record')
  recordStep(_p: unknown, ctx: WorkflowActionContext) {
    this.record(ctx);
    return { by: process.pid };
  }

  /** The first execution hangs (the test kills its worker); the next one completes. */
  @WorkflowAction('hang_once')
  async hangOnce(_p: unknown, ctx: WorkflowActionContext) {
    const before = this.record(ctx);
    if (!before.some((line) => line.startsWith(`${ctx.stepId} `))) await sleep(60_000, ctx.signal);
    return { by: process.pid };
  }
}

/** A join: b1 and b2 run in parallel after a; d needs both. */
export const QUEUE_JOIN_DEFINITION = {
  workflowId: 'queue-join',
  steps: [
    { stepId: 'a', action: 'record' },
    { stepId: 'b1', action: 'record', dependsOn: ['a'] },
    { stepId: 'b2', action: 'record', dependsOn: ['a'] },
    { stepId: 'd', action: 'record', dependsOn: ['b1', 'b2'] },
  ],
};

/** Where the queue engine's tasks go. */
export interface QueueChoice {
  backend: 'redis' | 'rabbitmq';
  url: string;
}

/** An application with the queue engine on Redis (BullMQ) and the SQL store on PostgreSQL. */
export async function queueApplication(urls: { redis: string; postgres: string }, prefix: string, counter: string, runWorker: boolean): Promise<TestingModule> {
  return queueApplicationOn({ backend: 'redis', url: urls.redis }, urls.postgres, prefix, counter, runWorker);
}

/** An application with the queue engine on `queue` and the SQL store on PostgreSQL. */
export async function queueApplicationOn(
  queue: QueueChoice,
  postgres: string,
  prefix: string,
  counter: string,
  runWorker: boolean,
  workflows: { leaseMs?: number } = {},
): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [
      AcbConfigModule.forRoot({ settingsDir: `/nonexistent-${randomUUID()}`, env: {}, values: { app: { name: 'acb-wf-queue' } } }),
      AcbAdaptersModule.forRoot({ sql: { name: 'postgres', settings: { url: postgres, poolSize: 4 } }, categories: ['sql'] }),
      AcbQueuesModule.forRoot({
        backend: queue.backend,
        connection: { url: queue.url },
        prefix,
        runWorker,
        worker: { concurrency: 4 },
        // NOTE: a dead worker's task is handed out again within ~4 s instead of BullMQ's default 30 s; RabbitMQ
        // redelivers at once when the connection drops, and deletes the test's queues a minute after it.
        backendOptions: queue.backend === 'redis' ? { lockDurationMs: 3000, stalledIntervalMs: 1000, maxStalledCount: 10 } : { queueExpiresMs: 60_000 },
      }),
      AcbWorkflowsModule.forRoot({ engine: 'queue', persistence: 'sql', definitions: [QUEUE_CRASH_DEFINITION, QUEUE_JOIN_DEFINITION], ...workflows }),
    ],
    providers: [{ provide: CountingActions, useFactory: () => new CountingActions(counter) }],
  }).compile();
  moduleRef.useLogger(false);
  await moduleRef.init();
  return moduleRef;
}
