/** Child processes and private servers for the fault tests. Everything started here is killed by `killAll()`. */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { sleep } from './backend-suite';

const REGISTER = path.join(__dirname, '..', '..', '..', '..', '..', 'test', 'register-ts.js');
const CHILD = path.join(__dirname, 'worker-child.ts');

export interface WorkerChild {
  process: ChildProcess;
  /** JSON lines printed so far. */
  events: Array<Record<string, unknown>>;
  stderr: string[];
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Worker children and private servers still running. */
const started = new Set<ChildProcess>();
const servers = new Set<ChildProcess>();

/** Starts worker-child.ts with `env`; resolves once it consumes. */
export async function startWorker(env: Record<string, string>, readyTimeoutMs = 20000): Promise<WorkerChild> {
  const child = spawn(process.execPath, ['-r', REGISTER, CHILD], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.add(child);
  const worker: WorkerChild = {
    process: child,
    events: [],
    stderr: [],
    exited: new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        started.delete(child);
        resolve({ code, signal });
      }),
    ),
  };
  let buffer = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let newline = buffer.indexOf('\n');
    while (newline >= 0) {
      const line = buffer.slice(0, newline).trim();
      buffer = buffer.slice(newline + 1);
      if (line.startsWith('{')) worker.events.push(JSON.parse(line) as Record<string, unknown>);
      newline = buffer.indexOf('\n');
    }
  });
  child.stderr?.on('data', (chunk: Buffer) => worker.stderr.push(chunk.toString('utf8')));
  const deadline = Date.now() + readyTimeoutMs;
  while (!worker.events.some((event) => event.event === 'ready')) {
    if (child.exitCode !== null) throw new Error(`worker exited early (${child.exitCode}): ${worker.stderr.join('')}`);
    if (Date.now() > deadline) throw new Error(`worker not ready within ${readyTimeoutMs} ms: ${worker.stderr.join('')}`);
    await sleep(25);
  }
  return worker;
}

/** A loopback port nobody listens on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * A private redis-server (never the shared one) that persists every write before answering (AOF, fsync always),
 * so a kill and restart loses nothing Redis acknowledged.
 */
export class PrivateRedis {
  private server?: ChildProcess;
  private readonly dir = mkdtempSync(path.join(tmpdir(), 'acb-fault-redis-'));

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    const server = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'yes', '--appendfsync', 'always', '--dir', this.dir],
      { stdio: 'ignore' },
    );
    started.add(server);
    servers.add(server);
    server.once('exit', () => {
      started.delete(server);
      servers.delete(server);
    });
    this.server = server;
    const { default: Redis } = await import('ioredis');
    const deadline = Date.now() + 10000;
    for (;;) {
      const probe = new Redis(this.url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
      probe.on('error', () => undefined);
      try {
        await probe.connect();
        await probe.ping();
        probe.disconnect();
        return;
      } catch {
        probe.disconnect();
        if (Date.now() > deadline) throw new Error(`private redis-server on ${this.port} did not start`);
        await sleep(50);
      }
    }
  }

  /** SIGKILL: no shutdown save; only what the AOF already holds survives. */
  async kill(): Promise<void> {
    const server = this.server;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill('SIGKILL');
    await exited;
  }

  async stop(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Kills (SIGKILL) every worker child still running (private servers stay up). */
export async function killWorkers(): Promise<void> {
  await killEach([...started].filter((child) => !servers.has(child)));
}

/** Kills (SIGKILL) every child process and server this file started that is still running. */
export async function killAll(): Promise<void> {
  await killEach([...started]);
}

async function killEach(children: ChildProcess[]): Promise<void> {
  const waiting = children.map(
    (child) =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  );
  await Promise.all(waiting);
}
