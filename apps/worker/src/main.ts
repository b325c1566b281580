import { AcbConfig } from '@acb/config';
import { setupAcbApp } from '@acb/core';
import { AcbLogger } from '@acb/logger';
import { QUEUE_BACKEND, TaskRegistry, Worker, type QueueBackend } from '@acb/queues';
import { NestFactory } from '@nestjs/core';
import { exitOnStartupFailure } from '../../api/src/startup/startup-failure';
import { WorkerMessages } from './worker.messages';
import { WorkerModule } from './worker.module';
import { settingsDirFromEnv } from './settings-profile';

async function bootstrap(): Promise<void> {
  const app = setupAcbApp(await NestFactory.createApplicationContext(WorkerModule.forRoot({ settingsDir: settingsDirFromEnv(process.env) }), { bufferLogs: true, autoFlushLogs: false, abortOnError: false }));
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

// NOTE: abortOnError and autoFlushLogs false: Nest neither exits nor dumps the error itself; the failure reaches this
// line, which prints one clear line (the stack only with debug on) and exits with 1.
bootstrap().catch((error: unknown) => exitOnStartupFailure('Worker', error));
