import { AcbConfig } from '@acb/config';
import { setupAcbApp } from '@acb/core';
import { AcbLogger } from '@acb/logger';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { ApiMessages } from './api.messages';
import { AppModule } from './app.module';
import { listenPort } from './listen-port';

async function bootstrap(): Promise<void> {
  const app = setupAcbApp(await NestFactory.create(AppModule.forRoot(), { bufferLogs: true }));
  const config = app.get(AcbConfig);
  await app.listen(listenPort(process.env.PORT, config.app.port), config.app.host);
  const address = app.getHttpServer().address() as AddressInfo;
  app.get(AcbLogger).info(ApiMessages.listening(await app.getUrl()), { host: address.address, port: address.port });
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${ApiMessages.bootstrapFailed(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`);
  process.exit(1);
});
