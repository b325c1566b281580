import { MemoryLogDestination } from '@acb/logger';
import type { INestApplication } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { WorkerModule } from '../../../worker/src/worker.module';
import { AppModule } from '../../src/app.module';

/** The sample API as the tests start it: no settings files, the given settings values, logs kept in memory. */
export async function startApiWith(values: Record<string, unknown>): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [AppModule.forRoot({ settingsDir: '/nonexistent/acb-api-hostile', values, env: {}, logger: { destination: new MemoryLogDestination() } })],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  return app;
}

/** apps/worker's WorkerModule as the API tests start it beside the API: no settings files, the given values. */
export async function startWorkerWith(values: Record<string, unknown>): Promise<TestingModule> {
  const worker = await Test.createTestingModule({
    imports: [WorkerModule.forRoot({ settingsDir: '/nonexistent/acb-worker-int', values, env: {}, logger: { destination: new MemoryLogDestination() } })],
  }).compile();
  worker.useLogger(false);
  await worker.init();
  return worker;
}
