import { get } from 'node:http';
import { SpawnedApp } from './support/spawn-app';

function getStatus(url: string): Promise<{ status: number; requestId: string | undefined }> {
  return new Promise((resolve, reject) => {
    get(url, (response) => {
      response.resume();
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, requestId: response.headers['x-request-id'] as string | undefined }),
      );
    }).on('error', reject);
  });
}

// NOTE: a cold child process compiles the TypeScript sources at start; on a loaded machine that takes seconds.
// Process-level: the real entry points in child processes, embedded defaults, no server.
describe('apps as processes', () => {
  let child: SpawnedApp | undefined;

  afterEach(async () => {
    await child?.dispose();
    child = undefined;
  });

  it('api: serves /health with JSON request lines, then exits 0 on SIGTERM after closing', async () => {
    child = new SpawnedApp('apps/api/src/main.ts', { PORT: '0', ACB_APP__NAME: 'api-process-test' });
    const listening = await child.waitForLine((line) => String(line.msg).startsWith('API listening on'), 30_000);
    const port = Number(listening.port);
    expect(port).toBeGreaterThan(0);

    const health = await getStatus(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    const requestLine = await child.waitForLine((line) => line.req?.id === health.requestId, 10_000);
    expect(requestLine).toMatchObject({ requestId: health.requestId, app: 'api-process-test', res: { statusCode: 200 } });

    const exit = await child.stop('SIGTERM', 10_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(child.records().every((line) => typeof line.level === 'string')).toBe(true);
    await expect(getStatus(`http://127.0.0.1:${port}/health`)).rejects.toThrow();
  }, 60_000);

  it('api: refuses to start on invalid settings, says what to fix, and exits 1', async () => {
    child = new SpawnedApp('apps/api/src/main.ts', { PORT: '0', ACB_DEBUG__LEVEL: 'loud' });
    const exit = await child.waitForExit(30_000);
    expect(exit.code).toBe(1);
    const errors = child.stderr.join('');
    expect(errors).toContain('ACB_DEBUG__LEVEL');
    expect(errors).toContain('debug.level');
    expect(errors).toContain('"loud"');
  }, 60_000);

  it('worker: boots the ACB stack, stays up, and exits 0 on SIGTERM', async () => {
    child = new SpawnedApp('apps/worker/src/main.ts', { ACB_APP__NAME: 'worker-process-test' });
    const ready = await child.waitForLine((line) => String(line.msg).startsWith('worker worker-process-test ready'), 30_000);
    expect(ready.app).toBe('worker-process-test');

    const exit = await child.stop('SIGTERM', 10_000);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 60_000);
});
