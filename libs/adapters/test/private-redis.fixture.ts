import { spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';

/** A loopback port nothing listens on (at the moment of asking). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A redis-server of this test's own (so it may kill it), on a free loopback port. */
export interface PrivateRedis {
  url: string;
  port: number;
  /** Kills the server (SIGKILL) and waits for it to exit. */
  kill(): Promise<void>;
}

/** A redis-server of the test's own on a free loopback port; with `password`, clients must AUTH (`requirepass`). */
export async function startPrivateRedis(options: { password?: string } = {}): Promise<PrivateRedis> {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'acb-private-redis-'));
  const auth = options.password === undefined ? [] : ['--requirepass', options.password];
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, ...auth],
    { stdio: 'ignore' },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  for (let i = 0; i < 100 && !(await accepts(port)); i += 1) await new Promise((resolve) => setTimeout(resolve, 50));
  let killed = false;
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    kill: async () => {
      if (!killed) {
        killed = true;
        child.kill('SIGKILL');
        await exited;
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
