import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { Client } from 'pg';
import { describeWithServers } from '../../../test/servers';
import { SpawnedApp } from './support/spawn-app';

// The distributed run as a user would start it (ACB_PROFILE=distributed: PostgreSQL, Redis cache and queue), here in
// three real processes: the API and two workers. 500 orders over HTTP; one worker is SIGKILLed in the middle.
jest.setTimeout(240_000);

const ORDERS = 500;
const IN_FLIGHT = 10;
const KILL_AFTER = 150;
const ORDER_TASKS = ['payment', 'confirmation', 'shipping', 'notification'] as const;

describeWithServers(['redis', 'postgres'], 'distributed: API + 2 workers on PostgreSQL and Redis, 500 orders, a worker SIGKILLed', (urls) => {
  const suffix = randomBytes(4).toString('hex');
  const database = `acb_dist_${suffix}`;
  const prefix = `acb-dist-${suffix}`;
  const storage = mkdtempSync(join(tmpdir(), 'acb-dist-'));
  const processes: SpawnedApp[] = [];
  let api: SpawnedApp;
  let base: string;
  let redis: Redis;

  const admin = async (statement: string): Promise<void> => {
    const client = new Client({ connectionString: urls.postgres });
    await client.connect();
    await client.query(statement).finally(() => client.end());
  };
  const databaseUrl = (() => {
    const url = new URL(urls.postgres);
    url.pathname = `/${database}`;
    return url.toString();
  })();
  const env: Record<string, string> = {
    ACB_PROFILE: 'distributed',
    ACB_DEMO: '0',
    ACB_SHIPPING_UPDATE_DELAY: '1',
    ACB_APP__NAME: prefix,
    ACB_SQL__URL: databaseUrl,
    ACB_CACHE__URL: urls.redis,
    ACB_ADAPTERS__QUEUE__REDIS__URL: urls.redis,
    ACB_ADAPTERS__QUEUE__PREFIX: prefix,
    ACB_STORAGE__ROOT: storage,
  };

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`);
    redis = new Redis(urls.redis);
    api = new SpawnedApp('apps/api/src/main.ts', { ...env, PORT: '0' });
    processes.push(api);
    const listening = await api.waitForLine((record) => typeof record.port === 'number', 60_000);
    base = `http://127.0.0.1:${listening.port}`;
    for (let i = 0; i < 2; i++) {
      const worker = new SpawnedApp('apps/worker/src/main.ts', env);
      processes.push(worker);
      await worker.waitForLine((record) => String(record.msg).startsWith('worker ') && record.backend === 'redis', 60_000);
    }
  });

  afterAll(async () => {
    await Promise.all(processes.map((child) => child.stop('SIGTERM', 15_000).catch(() => undefined)));
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) await redis.del(...keys);
    } while (cursor !== '0');
    await redis.quit();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    rmSync(storage, { recursive: true, force: true });
  });

  it('every order is fulfilled by a COMPLETED workflow, every task ran (duplicates counted), no 5xx', async () => {
    const statuses: number[] = [];
    const call = async (path: string, init: RequestInit & { cookie?: string; csrf?: string } = {}): Promise<Response> => {
      const response = await fetch(`${base}${path}`, {
        ...init,
        headers: { 'content-type': 'application/json', ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.csrf ? { 'x-csrf-token': init.csrf } : {}) },
      });
      statuses.push(response.status);
      return response;
    };
    const registered = await call('/api/auth/register', { method: 'POST', body: JSON.stringify({ email: 'load@example.com', name: 'Load', password: 'load-password' }) });
    expect(registered.status).toBe(201);
    const cookie = registered.headers.get('set-cookie')!.split(';')[0]!;
    const { csrfToken } = (await registered.json()) as { csrfToken: string };

    const ids: number[] = [];
    let placed = 0;
    let killed: Promise<unknown> | undefined;
    const started = Date.now();
    await Promise.all(
      Array.from({ length: IN_FLIGHT }, async () => {
        while (placed < ORDERS) {
          placed++;
          const response = await call('/api/orders', { method: 'POST', cookie, csrf: csrfToken, body: JSON.stringify({ items: [{ sku: 'BOOK-ACB', quantity: 1 + (placed % 3), unitPriceCents: 2900 }] }) });
          if (response.status === 201) ids.push(((await response.json()) as { id: number }).id);
          else await response.text();
          if (ids.length === KILL_AFTER && !killed) killed = processes[1]!.stop('SIGKILL', 5_000);
        }
      }),
    );
    const placingSeconds = (Date.now() - started) / 1000;
    await killed;
    expect(ids).toHaveLength(ORDERS);

    // Every order's workflow ends COMPLETED (the steps run in the API; their tasks in the surviving worker).
    const deadline = Date.now() + 120_000;
    let states: string[] = [];
    do {
      await new Promise((resolve) => setTimeout(resolve, 1000));
      states = [];
      for (let i = 0; i < ids.length; i += IN_FLIGHT) {
        const batch = await Promise.all(ids.slice(i, i + IN_FLIGHT).map(async (id) => ((await (await call(`/api/orders/${id}`, { cookie })).json()) as { run?: { state: string } }).run?.state ?? 'NONE'));
        states.push(...batch);
      }
    } while (states.some((state) => state !== 'COMPLETED') && Date.now() < deadline);
    expect(states.filter((state) => state !== 'COMPLETED')).toEqual([]);

    // Every task of every order ran to completion (BullMQ job hashes under the prefix: finishedOn, no failedReason).
    let missing: string[] = [];
    let duplicates = 0;
    const taskDeadline = Date.now() + 90_000;
    do {
      missing = [];
      duplicates = 0;
      for (const id of ids) {
        for (const task of ORDER_TASKS) {
          const job = await redis.hmget(`${prefix}:default:order-${id}-${task}`, 'finishedOn', 'failedReason', 'ats');
          if (!job[0] || job[1]) missing.push(`order-${id}-${task}`);
          if (Number(job[2] ?? 0) > 1) duplicates++;
        }
      }
      if (missing.length > 0) await new Promise((resolve) => setTimeout(resolve, 1000));
    } while (missing.length > 0 && Date.now() < taskDeadline);
    process.stdout.write(
      `distributed: ${ORDERS} orders placed in ${placingSeconds.toFixed(1)} s (${(ORDERS / placingSeconds).toFixed(0)}/s), ` +
        `${ORDERS * ORDER_TASKS.length} tasks completed, ${duplicates} started more than once (re-delivered after the SIGKILL)\n`,
    );
    expect(missing).toEqual([]);
    expect(statuses.filter((status) => status >= 500)).toEqual([]);
  });
});
