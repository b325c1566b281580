import { randomUUID } from 'node:crypto';
import { MemoryLogDestination } from '@acb/logger';
import { AcbTask, InjectQueue, Queue } from '@acb/queues';
import { Injectable, type LoggerService } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { describeWithServers } from '../../../test/servers';
import { AcbModule } from '../src';

// NOTE: Nest applications boot in seconds on a loaded 2-core machine.
jest.setTimeout(60_000);

@Injectable()
class Mailer {
  readonly sent: string[] = [];
  constructor(@InjectQueue('mail') readonly mail: Queue) {}

  @AcbTask('welcome', { queue: 'mail' })
  welcome(payload: { to: string }) {
    this.sent.push(payload.to);
  }
}

/**
 * The first five minutes on a shared backend, through AcbModule and the settings: an API process that only enqueues
 * says once that no worker runs in it, a worker process (runWorker) runs what the API enqueued, and `@InjectQueue`
 * reaches a queue declared in `settings` (`queue.queues`).
 */
describeWithServers(['redis', 'rabbitmq'], 'AcbModule on redis and rabbitmq: who runs the tasks', (urls) => {
  const opened: TestingModule[] = [];

  afterEach(async () => {
    for (const ref of opened.splice(0).reverse()) await ref.close();
  });

  async function start(backend: 'redis' | 'rabbitmq', prefix: string, runWorker: boolean | undefined, lines: string[]): Promise<TestingModule> {
    const queue = {
      backend,
      [backend]: { url: urls[backend] },
      prefix,
      queues: ['mail'],
      // NOTE: the shared broker drops this test's queues once unused.
      ...(backend === 'rabbitmq' ? { backend_options: { queueExpiresMs: 60_000 } } : {}),
      ...(runWorker === undefined ? {} : { run_worker: runWorker }),
    };
    const ref = await Test.createTestingModule({
      imports: [
        AcbModule.forRoot({
          settingsDir: '/nonexistent/acb-queue-worker-settings',
          env: {},
          values: { adapters: { queue }, sql: { database: ':memory:' } },
          logger: { destination: new MemoryLogDestination() },
          features: { migrations: false, workflows: false },
        }),
      ],
      providers: [Mailer],
    }).compile();
    const logger: LoggerService = { log: (m: string) => lines.push(String(m)), warn: () => undefined, error: () => undefined };
    ref.useLogger(logger);
    opened.push(ref);
    await ref.init();
    return ref;
  }

  it.each(['redis', 'rabbitmq'] as const)('%s: the API says no worker runs in it; a runWorker process runs what it enqueued', async (backend) => {
    const prefix = `acb-qw-${randomUUID().slice(0, 8)}`;
    const apiLines: string[] = [];
    const api = await start(backend, prefix, undefined, apiLines);
    expect(apiLines.filter((line) => line.startsWith('No worker runs in this process'))).toEqual([
      `No worker runs in this process: tasks enqueued here wait on ${backend} for a worker process (or runWorker: true), and schedules fire there.`,
    ]);
    const handle = await api.get(Mailer).mail.enqueue('welcome', { to: 'ada@example.com' });
    expect(handle.queue).toBe('mail');

    const workerLines: string[] = [];
    const worker = await start(backend, prefix, true, workerLines);
    expect(workerLines.some((line) => line.startsWith('No worker runs'))).toBe(false);
    for (let i = 0; i < 200 && worker.get(Mailer).sent.length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    expect(worker.get(Mailer).sent).toEqual(['ada@example.com']);
    expect(api.get(Mailer).sent).toEqual([]);
  });
});
