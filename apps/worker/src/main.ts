import { AcbConfig } from '@acb/config';
import { setupAcbApp } from '@acb/core';
import { AcbLogger } from '@acb/logger';
import { QUEUE_BACKEND, TaskRegistry, Worker, type QueueBackend } from '@acb/queues';
import { NestFactory } from '@nestjs/core';
import { WorkerMessages } from './worker.messages';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const app = setupAcbApp(await NestFactory.createApplicationContext(WorkerModule.forRoot(), { bufferLogs: true }));
  await app.init();
  // NOTE: an application context holds no socket; this timer keeps the process alive until a shutdown signal,
  // whose hook closes the context and exits with 0.
  setInterval(() => undefined, 1 << 30);
  app.get(AcbLogger).info(WorkerMessages.ready(app.get(AcbConfig).app.name), {
    pid: process.pid,
    backend: app.get<QueueBackend>(QUEUE_BACKEND).name,
    tasks: app.get(TaskRegistry).names(),
    concurrency: app.get(Worker).concurrency,
  });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${WorkerMessages.bootstrapFailed(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
  process.exit(1);
});
