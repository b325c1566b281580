import { AcbConfig } from '@acb/config';
import { setupAcbApp } from '@acb/core';
import { AcbLogger } from '@acb/logger';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { ApiMessages } from './api.messages';
import { AppModule } from './app.module';
import { appOptionsFromEnv } from './app-options';
import { listenPort } from './listen-port';
import { exitOnStartupFailure } from './startup/startup-failure';
import { setupDocs } from './web/docs';
import { settingsDirFromEnv } from '../../worker/src/settings-profile';

async function bootstrap(): Promise<void> {
  const app = setupAcbApp(await NestFactory.create(AppModule.forRoot({ settingsDir: settingsDirFromEnv(process.env) }, appOptionsFromEnv(process.env)), { bufferLogs: true, autoFlushLogs: false, abortOnError: false }));
  setupDocs(app);
  const config = app.get(AcbConfig);
  await app.listen(listenPort(process.env.PORT, config.app.port), config.app.host);
  const address = app.getHttpServer().address() as AddressInfo;
  app.get(AcbLogger).info(ApiMessages.listening(await app.getUrl()), { host: address.address, port: address.port });
}

// NOTE: abortOnError and autoFlushLogs false: Nest neither exits nor dumps the error itself; the failure reaches this
// line, which prints one clear line (the stack only with debug on) and exits with 1.
bootstrap().catch((error: unknown) => exitOnStartupFailure('API', error));
