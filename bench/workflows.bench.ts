/**
 * Workflow benchmarks (suite `workflows`), a plain node script (bench/harness.ts):
 * - basic engine, no-op actions, memory store: 1,000- and 10,000-step DAGs (wide, deep, random): per-step overhead
 *   (goal <= 50 us) and growth (10x the steps costs at most 12x the time);
 * - durable 3-step sequential run on loopback PostgreSQL: our basic engine with the SQL store vs @dbos-inc/dbos-sdk 5
 *   on the same server, interleaved: p50 latency (goal: ours <= 0.7x DBOS) and runs/s with 10 started at once (goal:
 *   ours >= 1.5x DBOS); our steps/s against the floor of one single-row INSERT transaction per step;
 * - queue engine on Redis (BullMQ) + PostgreSQL: 3-step run p50 (goal < 15 ms) with the worker in this process, and
 *   steps/s with one and with two worker processes.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import type { TestingModule } from '@nestjs/testing';
import type { SqlAdapter } from '@acb/adapters';
import {
  BasicWorkflowEngine,
  SqlWorkflowStore,
  WorkflowService,
  type WorkflowActionFn,
  type WorkflowDefinitionInit,
  type WorkflowStepInit,
} from '@acb/workflows';
import { isolatedPostgresUrl, sqlAdapter } from '../libs/workflows/test/sql-app';
import { compare, measure, percentile, quietLogger, record, report, servers, throughput, withConcurrency, type BenchResult } from './harness';

const SIZES = [1_000, 10_000];
const SHAPES = ['wide', 'deep', 'random'] as const;
const LATENCY_RUNS = 150;
const CONCURRENT_RUNS = 200;

function dag(shape: (typeof SHAPES)[number], size: number): WorkflowDefinitionInit {
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const steps: WorkflowStepInit[] = [];
  for (let i = 0; i < size; i++) {
    let dependsOn: string[] = [];
    if (shape === 'deep' && i > 0) dependsOn = [`s${i - 1}`];
    if (shape === 'random' && i > 0) {
      // up to 3 dependencies among the 50 steps before: a DAG that is neither a chain nor a fan
      const count = Math.floor(random() * 4);
      const picked = new Set<number>();
      for (let k = 0; k < count; k++) picked.add(Math.max(0, i - 1 - Math.floor(random() * 50)));
      dependsOn = [...picked].map((j) => `s${j}`);
    }
    steps.push({ stepId: `s${i}`, action: 'noop', dependsOn });
  }
  return { workflowId: `${shape}-${size}`, steps };
}

async function basicRows(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const engine = new BasicWorkflowEngine({ actions: { noop: () => undefined }, maxConcurrentSteps: 64, logger: quietLogger });
  for (const shape of SHAPES) {
    const perStep: Record<number, number> = {};
    for (const size of SIZES) {
      // NOTE: a fresh definition object per round: validation and compilation are part of what a run costs.
      const row = await measure({
        name: `basic ${shape} ${size} steps, per-step overhead`,
        unit: 'us/step',
        goal: '<= 50',
        rounds: size >= 10_000 ? 5 : 9,
        run: async () => {
          const definition = dag(shape, size);
          const started = process.hrtime.bigint();
          const result = await engine.execute(definition);
          const us = Number(process.hrtime.bigint() - started) / 1e3;
          if (result.state !== 'COMPLETED') throw new Error(`${shape} ${size}: ${result.state}`);
          return us / size;
        },
      });
      perStep[size] = row.ours;
      results.push(row);
    }
    const growth = (perStep[10_000] * 10_000) / (perStep[1_000] * 1_000);
    results.push(record(`basic ${shape} time(10,000) / time(1,000)`, 'x', growth, '<= 12', 1));
  }
  return results;
}

const THREE_STEPS: WorkflowDefinitionInit = {
  workflowId: 'three-steps',
  steps: [
    { stepId: 'one', action: 'step' },
    { stepId: 'two', action: 'step', dependsOn: ['one'] },
    { stepId: 'three', action: 'step', dependsOn: ['two'] },
  ],
};
const asyncNoop: WorkflowActionFn = async (_params, context) => context.stepId;

interface DbosApi {
  setConfig(config: Record<string, unknown>): void;
  registerWorkflow<A extends unknown[], R>(fn: (...args: A) => Promise<R>, config?: { name: string }): (...args: A) => Promise<R>;
  runStep<R>(fn: () => Promise<R>, config?: { name: string }): Promise<R>;
  launch(): Promise<void>;
  shutdown(): Promise<void>;
}

async function latencySamples(run: () => Promise<unknown>, count: number): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) {
    const started = process.hrtime.bigint();
    await run();
    samples.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return samples;
}

async function durableRows(postgresUrl: string): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  const { sql, close } = await sqlAdapter({ name: 'postgres', settings: { url: await isolatedPostgresUrl(postgresUrl), poolSize: 10 } });
  const engine = new BasicWorkflowEngine({ store: new SqlWorkflowStore(sql), actions: { step: asyncNoop }, logger: quietLogger });
  const ours = () => engine.execute(THREE_STEPS);

  let dbos: DbosApi | undefined;
  try {
    dbos = (require('@dbos-inc/dbos-sdk') as { DBOS: DbosApi }).DBOS;
  } catch {
    process.stderr.write('\n*** @dbos-inc/dbos-sdk is not installed: the DBOS rows are LEFT OUT ***\n\n');
  }
  const url = new URL(postgresUrl);
  url.pathname = `/acb_dbos_bench_${randomUUID().slice(0, 8).replace(/-/g, '')}`;
  let theirs: (() => Promise<unknown>) | undefined;
  if (dbos) {
    const api = dbos;
    api.setConfig({ name: 'acb-workflows-bench', systemDatabaseUrl: url.toString(), logLevel: 'error', systemDatabasePoolSize: 10 });
    const workflow = api.registerWorkflow(
      async (n: number) => {
        await api.runStep(async () => n, { name: 'one' });
        await api.runStep(async () => n, { name: 'two' });
        await api.runStep(async () => n, { name: 'three' });
        return n;
      },
      { name: 'threeSteps' },
    );
    await api.launch();
    let n = 0;
    theirs = () => workflow(n++);
  }

  try {
    if (theirs) {
      const baseline = theirs;
      results.push(
        await compare({
          name: 'durable 3-step run p50 (PostgreSQL)',
          unit: 'ms',
          goal: '<= 0.7',
          baselineName: '@dbos-inc/dbos-sdk 5',
          rounds: 5,
          ours: async () => percentile(await latencySamples(ours, LATENCY_RUNS), 50),
          baseline: async () => percentile(await latencySamples(baseline, LATENCY_RUNS), 50),
        }),
      );
      results.push(
        await compare({
          name: 'durable 3-step runs/s, 10 started at once',
          unit: 'runs/s',
          goal: '>= 1.5',
          baselineName: '@dbos-inc/dbos-sdk 5',
          rounds: 5,
          ours: () => throughput(CONCURRENT_RUNS, () => withConcurrency(CONCURRENT_RUNS, 10, ours)),
          baseline: () => throughput(CONCURRENT_RUNS, () => withConcurrency(CONCURRENT_RUNS, 10, baseline)),
        }),
      );
    } else {
      results.push(await measure({ name: 'durable 3-step run p50 (PostgreSQL)', unit: 'ms', goal: '<= 10', rounds: 5, run: async () => percentile(await latencySamples(ours, LATENCY_RUNS), 50) }));
    }
    // The floor: one single-row INSERT transaction per step, sequential, on the same server and pool.
    await sql.execute('CREATE TABLE IF NOT EXISTS bench_floor (id SERIAL PRIMARY KEY, run_id VARCHAR(64), step VARCHAR(64))');
    results.push(
      await compare({
        name: 'durable steps/s, one run at a time',
        unit: 'steps/s',
        // NOTE: a run stores 2 + 2 per step rows (run created/finished, each step started/completed): 3/8 of the
        // floor is the bound of that design before any JavaScript runs.
        goal: '>= 0.3',
        baselineName: 'one INSERT transaction per step',
        rounds: 5,
        ours: () => throughput(3 * 100, async () => {
          for (let i = 0; i < 100; i++) await ours();
        }),
        baseline: () => throughput(300, async () => {
          for (let i = 0; i < 300; i++) await sql.execute('INSERT INTO bench_floor (run_id, step) VALUES (?, ?)', ['r', 's']);
        }),
      }),
    );
  } finally {
    await engine.close();
    if (dbos) await dbos.shutdown();
    await close();
  }
  return results;
}

async function queueRows(urls: { redis: string; postgres: string }): Promise<BenchResult[]> {
  // NOTE: the same application shape as the queue engine's integration test (Redis/BullMQ + PostgreSQL store).
  const { queueApplication } = require('../libs/workflows/test/queue-crash/queue-app') as typeof import('../libs/workflows/test/queue-crash/queue-app');
  const { MigrationRunner } = require('@acb/migrations') as typeof import('@acb/migrations');
  const { WORKFLOW_MIGRATIONS } = require('@acb/workflows') as typeof import('@acb/workflows');
  const { SqlAdapter: SqlToken } = require('@acb/adapters') as typeof import('@acb/adapters');
  const fs = require('node:fs') as typeof import('node:fs');
  const os = require('node:os') as typeof import('node:os');
  const counter = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'acb-wf-bench-')), 'count.log');
  fs.writeFileSync(counter, '');
  const postgres = await isolatedPostgresUrl(urls.postgres);
  const prefix = `acb-wfb-${randomUUID().slice(0, 8)}`;
  const app: TestingModule = await queueApplication({ redis: urls.redis, postgres }, prefix, counter, true);
  try {
    const sql = app.get<SqlAdapter>(SqlToken);
    await new MigrationRunner({ sql, migrations: [...WORKFLOW_MIGRATIONS], logger: quietLogger }).migrate();
    const service = app.get(WorkflowService);
    service.register({
      workflowId: 'queue-three-steps',
      steps: [
        { stepId: 'one', action: 'record' },
        { stepId: 'two', action: 'record', dependsOn: ['one'] },
        { stepId: 'three', action: 'record', dependsOn: ['two'] },
      ],
    });
    const run = () => service.execute('queue-three-steps');
    await latencySamples(run, 10);
    const samples: number[] = [];
    for (let round = 0; round < 3; round++) samples.push(...(await latencySamples(run, 60)));
    const rows = [
      record('queue engine 3-step run p50 (Redis + PostgreSQL, 1 worker)', 'ms', percentile(samples, 50), '< 15', samples.length),
      record('queue engine 3-step run p99 (Redis + PostgreSQL, 1 worker)', 'ms', percentile(samples, 99), '< 100', samples.length),
      await measure({
        name: 'queue engine steps/s, 10 runs at once (1 worker process)',
        unit: 'steps/s',
        goal: '>= 200',
        rounds: 3,
        run: () => throughput(3 * 60, () => withConcurrency(60, 10, run)),
      }),
    ];
    // A second worker process (the integration test's worker), on the same queue and database.
    const child = spawn(process.execPath, ['-r', path.join(__dirname, '..', 'test', 'register-ts.js'), path.join(__dirname, '..', 'libs', 'workflows', 'test', 'queue-crash', 'queue-worker-child.ts')], {
      env: { ...process.env, WF_REDIS_URL: urls.redis, WF_PG_URL: postgres, WF_PREFIX: prefix, WF_COUNTER: counter },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
        child.on('exit', (code) => reject(new Error(`bench worker exited with ${code}`)));
      });
      rows.push(
        await measure({
          name: 'queue engine steps/s, 10 runs at once (2 worker processes)',
          unit: 'steps/s',
          goal: '>= 200',
          rounds: 3,
          run: () => throughput(3 * 60, () => withConcurrency(60, 10, run)),
        }),
      );
    } finally {
      child.kill('SIGKILL');
    }
    return rows;
  } finally {
    await app.close();
    fs.rmSync(path.dirname(counter), { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const results = await basicRows();
  const urls = servers('workflows', ['redis', 'postgres']);
  if (urls) {
    results.push(...(await durableRows(urls.postgres)));
    results.push(...(await queueRows(urls)));
  }
  report('workflows', results);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
