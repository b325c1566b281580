import { AcbNestLogger } from '@acb/logger';
import type { INestApplicationContext } from '@nestjs/common';

/** Options of `setupAcbApp()`. */
export interface SetupAcbAppOptions {
  /**
   * Signals that close the application (shutdown hooks run, then the process exits with code 0).
   * `false` leaves signals alone (tests).
   * @default ['SIGTERM', 'SIGINT']
   */
  shutdownSignals?: string[] | false;
}

/**
 * The standard bootstrap of an ACB application or worker: Nest's own logs go through the ACB logger (JSON lines
 * with request ids, redaction), and SIGTERM/SIGINT close the application cleanly (`onModuleDestroy`,
 * `beforeApplicationShutdown`, `onApplicationShutdown`) before the process exits with 0.
 * Create the application with `{ bufferLogs: true }` so its first lines also take this route.
 *
 * @example
 * const app = setupAcbApp(await NestFactory.create(AppModule.forRoot(), { bufferLogs: true }));
 * await app.listen(3000);
 */
export function setupAcbApp<T extends INestApplicationContext>(app: T, options: SetupAcbAppOptions = {}): T {
  app.useLogger(app.get(AcbNestLogger));
  app.flushLogs();
  const signals = options.shutdownSignals ?? ['SIGTERM', 'SIGINT'];
  if (signals !== false) app.enableShutdownHooks(signals, { useProcessExit: true });
  return app;
}
