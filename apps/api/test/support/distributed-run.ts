import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { OrdersMessages } from '../../src/orders/orders.messages';
import { SpawnedApp } from './spawn-app';
import { deleteRedisKeys } from '../../../../test/redis-keys';

/** The order tasks whose BullMQ jobs (`order-<id>-<task>`) must finish for an order to count as done. */
export const ORDER_TASKS = ['payment', 'confirmation', 'shipping', 'notification'] as const;

/** The steps of `order-fulfillment`, each run by a worker (queue engine) and stored in `acb_workflow_steps`. */
export const ORDER_STEPS = ['validate', 'charge', 'ship', 'notify'] as const;

/** What `waitDone` found: what is missing, and what ran more than once (at least once delivery after a kill). */
export interface DoneReport {
  missing: string[];
  /** Order tasks (BullMQ jobs `order-<id>-<task>`) started more than once (`ats` > 1). */
  duplicates: number;
  /** Workflow steps attempted more than once (`attempts` > 1 in `acb_workflow_steps`): re-delivered step tasks. */
  stepDuplicates: number;
}

/** The step a worker held when it was killed (from its `charging payment` log line). */
export interface HeldStep {
  runId: string;
  stepId: string;
  orderId: number;
}

/**
 * The distributed run in real processes (ACB_PROFILE=distributed): the API and `workers` workers on its own
 * PostgreSQL database and Redis prefix, a signed-in client, and a way to place orders and wait for them.
 * Used by the orders/s benchmark (bench/api.bench.ts).
 */
export class DistributedRun {
  readonly processes: SpawnedApp[] = [];
  base = '';
  private cookie = '';
  private csrf = '';
  private readonly suffix = randomBytes(4).toString('hex');
  readonly database = `acb_run_${this.suffix}`;
  readonly prefix = `acb-run-${this.suffix}`;
  private readonly storage = mkdtempSync(join(tmpdir(), 'acb-run-'));
  private readonly redis: Redis;
  private readonly pg: Client;
  readonly statuses: number[] = [];

  private constructor(private readonly urls: { redis: string; postgres: string }) {
    this.redis = new Redis(urls.redis);
    this.pg = new Client({ connectionString: this.databaseUrl() });
  }

  static async start(urls: { redis: string; postgres: string }, workers: number): Promise<DistributedRun> {
    const run = new DistributedRun(urls);
    await run.admin(`CREATE DATABASE ${run.database}`);
    const env: Record<string, string> = {
      ACB_PROFILE: 'distributed',
      ACB_DEMO: '0',
      ACB_SHIPPING_UPDATE_DELAY: '0',
      ACB_APP__NAME: run.prefix,
      ACB_SQL__URL: run.databaseUrl(),
      ACB_CACHE__URL: urls.redis,
      ACB_ADAPTERS__QUEUE__REDIS__URL: urls.redis,
      ACB_ADAPTERS__QUEUE__PREFIX: run.prefix,
      ACB_STORAGE__ROOT: run.storage,
    };
    const api = new SpawnedApp('apps/api/src/main.ts', { ...env, PORT: '0', ACB_DEBUG__LEVEL: 'info' });
    run.processes.push(api);
    const listening = await api.waitForLine((record) => typeof record.port === 'number', 90_000);
    run.base = `http://127.0.0.1:${listening.port}`;
    for (let i = 0; i < workers; i++) {
      const worker = new SpawnedApp('apps/worker/src/main.ts', { ...env, ACB_DEBUG__LEVEL: 'info' });
      run.processes.push(worker);
      await worker.waitForLine((record) => String(record.msg).startsWith('worker ') && record.backend === 'redis', 90_000);
    }
    await run.pg.connect();
    const registered = await run.call('/api/auth/register', { method: 'POST', body: JSON.stringify({ email: 'load@example.com', name: 'Load', password: 'load-password' }) });
    if (registered.status !== 201) throw new Error(`register answered ${registered.status}`);
    run.cookie = registered.headers.get('set-cookie')!.split(';')[0]!;
    run.csrf = ((await registered.json()) as { csrfToken: string }).csrfToken;
    return run;
  }

  /** A request to the API with the session (and its CSRF token); every status is recorded. */
  async call(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(`${this.base}${path}`, {
      ...init,
      headers: { 'content-type': 'application/json', ...(this.cookie ? { cookie: this.cookie, 'x-csrf-token': this.csrf } : {}) },
    });
    this.statuses.push(response.status);
    return response;
  }

  /** Places `count` orders with `inFlight` requests at a time; `onPlaced(n)` after each. Returns the order ids. */
  async placeOrders(count: number, inFlight: number, onPlaced: (placed: number) => void = () => undefined): Promise<number[]> {
    const ids: number[] = [];
    let started = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (started < count) {
          started++;
          const response = await this.call('/api/orders', { method: 'POST', body: JSON.stringify({ items: [{ sku: 'BOOK-ACB', quantity: 1 + (started % 3), unitPriceCents: 2900 }] }) });
          if (response.status === 201) ids.push(((await response.json()) as { id: number }).id);
          else await response.text();
          onPlaced(ids.length);
        }
      }),
    );
    return ids;
  }

  /**
   * SIGKILLs process `index` (a worker) the moment it logs that it started charging an order: the `charge` step
   * then sleeps 150 ms (the payment provider), so the worker dies holding that step's task in flight (and whatever
   * else it was running). Returns the step it held.
   */
  async killWhileHolding(index: number, timeoutMs: number): Promise<HeldStep> {
    const worker = this.processes[index]!;
    const line = await worker.nextLine((record) => record.msg === OrdersMessages.charging, timeoutMs);
    await worker.stop('SIGKILL', 5_000);
    return { runId: String(line.workflowRunId), stepId: String(line.stepId), orderId: Number(line.order_id) };
  }

  /** A step's stored record (`acb_workflow_steps`). */
  async stepRecord(runId: string, stepId: string): Promise<{ state: string; attempts: number } | undefined> {
    const { rows } = await this.pg.query<{ state: string; attempts: number }>('SELECT state, attempts FROM acb_workflow_steps WHERE run_id = $1 AND step_id = $2', [runId, stepId]);
    return rows[0];
  }

  /**
   * Waits until every order is `fulfilled`, each of its workflow steps COMPLETED and each of its tasks finished;
   * returns what is still missing and how many tasks and steps ran more than once.
   */
  async waitDone(ids: number[], timeoutMs: number): Promise<DoneReport> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      // An unfinished order names its steps' states (e.g. `validate:COMPLETED charge:RUNNING/1`), for the failure message.
      const { rows } = await this.pg.query<{ id: number; steps: string | null }>(
        "SELECT o.id, string_agg(s.step_id || ':' || s.state || '/' || s.attempts, ' ' ORDER BY s.step_id) AS steps FROM orders o LEFT JOIN acb_workflow_steps s ON s.run_id = o.run_id WHERE o.status <> 'fulfilled' AND o.id = ANY($1::int[]) GROUP BY o.id",
        [ids],
      );
      const missing = rows.map((row) => `order ${row.id} not fulfilled (${row.steps ?? 'no steps'})`);
      let duplicates = 0;
      let stepDuplicates = 0;
      if (missing.length === 0) {
        const steps = await this.pg.query<{ id: number; step_id: string; state: string; attempts: number }>(
          'SELECT o.id, s.step_id, s.state, s.attempts FROM orders o JOIN acb_workflow_steps s ON s.run_id = o.run_id WHERE o.id = ANY($1::int[])',
          [ids],
        );
        const completed = new Set<string>();
        for (const step of steps.rows) {
          if (step.state === 'COMPLETED') completed.add(`${step.id}:${step.step_id}`);
          if (step.attempts > 1) stepDuplicates++;
        }
        for (const id of ids) for (const step of ORDER_STEPS) if (!completed.has(`${id}:${step}`)) missing.push(`order ${id} step ${step} not COMPLETED`);

        const pipeline = this.redis.pipeline();
        for (const id of ids) for (const task of ORDER_TASKS) pipeline.hmget(`${this.prefix}:default:order-${id}-${task}`, 'finishedOn', 'failedReason', 'ats');
        const results = (await pipeline.exec()) ?? [];
        results.forEach(([, value], index) => {
          const [finishedOn, failedReason, ats] = value as Array<string | null>;
          if (!finishedOn || failedReason) missing.push(`order-${ids[Math.floor(index / ORDER_TASKS.length)]}-${ORDER_TASKS[index % ORDER_TASKS.length]}`);
          if (Number(ats ?? 0) > 1) duplicates++;
        });
      }
      if (missing.length === 0 || Date.now() > deadline) return { missing, duplicates, stepDuplicates };
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.processes.map((child) => child.stop('SIGTERM', 15_000).catch(() => undefined)));
    await this.pg.end().catch(() => undefined);
    await deleteRedisKeys(this.redis, `${this.prefix}*`);
    await this.redis.quit();
    await this.admin(`DROP DATABASE IF EXISTS ${this.database} WITH (FORCE)`);
    rmSync(this.storage, { recursive: true, force: true });
  }

  private databaseUrl(): string {
    const url = new URL(this.urls.postgres);
    url.pathname = `/${this.database}`;
    return url.toString();
  }

  private async admin(statement: string): Promise<void> {
    const client = new Client({ connectionString: this.urls.postgres });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  }
}
