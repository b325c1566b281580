import { MemoryLogDestination } from '@acb/logger';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
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
