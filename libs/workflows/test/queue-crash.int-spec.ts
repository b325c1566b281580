import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TestingModule } from '@nestjs/testing';
import { SqlAdapter } from '@acb/adapters';
import { MigrationRunner } from '@acb/migrations';
import { describeWithServers } from '../../../test/servers';
import { until } from '../../../test/until';
import { WORKFLOW_MIGRATIONS, WorkflowService } from '../src';
import { MemoryLogger } from './fixtures';
import { queueApplication } from './queue-crash/queue-app';
import { isolatedPostgresUrl } from './sql-app';

// NOTE: two worker processes compile the sources on start; a loaded CI machine needs more than the default.
jest.setTimeout(120_000);

const ROOT = path.resolve(__dirname, '../../..');

function worker(env: Record<string, string>): ChildProcess {
  const child = spawn(process.execPath, ['-r', path.join(ROOT, 'test/register-ts.js'), path.join(__dirname, 'queue-crash', 'queue-worker-child.ts')], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return child;
}

function ready(child: ChildProcess): Promise<void> {
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && resolve());
    child.on('exit', (code) => reject(new Error(`worker exited with ${code} before it was ready: ${stderr}`)));
  });
}

describeWithServers(['redis', 'postgres'], 'queue engine on Redis + PostgreSQL: a worker SIGKILLed mid-step', (urls) => {
  let producer: TestingModule | undefined;
  const workers: ChildProcess[] = [];
  let dir: string;

  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-wfq-crash-'));
  });

  afterAll(async () => {
    for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await producer?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('runs the step again on the other worker; the run completes; completed steps ran once, the interrupted one at most twice', async () => {
    const counter = path.join(dir, 'executions.log');
    fs.writeFileSync(counter, '');
    const postgres = await isolatedPostgresUrl(urls.postgres);
    const prefix = `acb-wfq-${randomUUID().slice(0, 8)}`;
    producer = await queueApplication({ redis: urls.redis, postgres }, prefix, counter, false);
    await new MigrationRunner({ sql: producer.get(SqlAdapter), migrations: [...WORKFLOW_MIGRATIONS], logger: new MemoryLogger() }).migrate();

    const env = { WF_REDIS_URL: urls.redis, WF_PG_URL: postgres, WF_PREFIX: prefix, WF_COUNTER: counter };
    workers.push(worker(env), worker(env));
    await Promise.all(workers.map(ready));

    const service = producer.get(WorkflowService);
    const { runId, result } = await service.start('queue-crash', {});
    const lines = () => fs.readFileSync(counter, 'utf8').split('\n').filter(Boolean);
    const firstC = (await until(async () => lines(), (current) => current.some((line) => line.startsWith('c ')), 60_000)).find((line) => line.startsWith('c '))!;
    const victim = workers.find((child) => child.pid === Number(firstC.split(' ')[1]))!;
    victim.kill('SIGKILL');

    const done = await result;
    expect(done).toMatchObject({ runId, state: 'COMPLETED' });
    const survivor = workers.find((child) => child !== victim)!;
    expect((done.outputs.c as { by: number }).by).toBe(survivor.pid);
    const counts = lines().reduce<Record<string, number>>((acc, line) => {
      const step = line.split(' ')[0];
      return { ...acc, [step]: (acc[step] ?? 0) + 1 };
    }, {});
    expect(counts).toEqual({ a: 1, b1: 1, b2: 1, c: 2, d: 1 });
  });

  it('a worker killed after storing the join QUEUED and before enqueueing its task: the join runs once, the run completes', async () => {
    const counter = path.join(dir, 'executions-join.log');
    fs.writeFileSync(counter, '');
    const postgres = await isolatedPostgresUrl(urls.postgres);
    const prefix = `acb-wfq-${randomUUID().slice(0, 8)}`;
    const app = await queueApplication({ redis: urls.redis, postgres }, prefix, counter, false);
    try {
      await new MigrationRunner({ sql: app.get(SqlAdapter), migrations: [...WORKFLOW_MIGRATIONS], logger: new MemoryLogger() }).migrate();
      const env = { WF_REDIS_URL: urls.redis, WF_PG_URL: postgres, WF_PREFIX: prefix, WF_COUNTER: counter, WF_KILL_BEFORE_ENQUEUE: 'd' };
      const pair = [worker(env), worker(env)];
      workers.push(...pair);
      await Promise.all(pair.map(ready));

      const { runId, result } = await app.get(WorkflowService).start('queue-join', {});
      const done = await result;
      const lines = fs.readFileSync(counter, 'utf8').split('\n').filter(Boolean);
      const killed = lines.find((line) => line.startsWith('killed '));
      expect(killed).toBeDefined();
      const victim = pair.find((child) => child.pid === Number(killed!.split(' ')[1]))!;
      expect(victim.signalCode).toBe('SIGKILL');
      expect(done).toMatchObject({ runId, state: 'COMPLETED' });
      expect((done.outputs.d as { by: number }).by).not.toBe(victim.pid);
      const counts = lines
        .filter((line) => !line.startsWith('killed '))
        .reduce<Record<string, number>>((acc, line) => ({ ...acc, [line.split(' ')[0]]: (acc[line.split(' ')[0]] ?? 0) + 1 }), {});
      expect(counts).toEqual({ a: 1, b1: 1, b2: 1, d: 1 });
    } finally {
      await app.close();
    }
  });
});
