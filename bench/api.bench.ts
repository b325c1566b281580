/**
 * API benchmarks (suite `api`), ours and the baseline interleaved in one process:
 * - bootstrap of apps/api's AppModule with AcbModule.forRoot() on the sample settings (create + init + listen +
 *   close; configuration, logger, request-id middleware, adapters, queues, events, services, terminus health and the
 *   sample's own features) versus a bare Nest app serving the same route `GET /health` (same response shape as
 *   terminus: status, info, error, details) with no logger. Goal: ratio <= 1.5.
 * - the same for AcbModule.forRoot() alone with the bare app's health controller (informative): what the ACB stack
 *   costs without the sample app's features (terminus, users, tasks, metrics).
 * - requests/s of `GET /health` (autocannon, keep-alive): ours (request id, one JSON log line per request to a
 *   null destination, terminus check) versus the bare route. Informative goal: ratio >= 0.5.
 * - log lines/s of AcbLogger (context mixin, redact paths, secret-value check of every line with 3 known secrets,
 *   inside an AcbContext) versus plain pino with the same fields, both to a null destination. Goal: ratio >= 0.7.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { AcbModule, type AcbModuleOptions, setupAcbApp } from '@acb/core';
import { AcbContext, createAcbLogger } from '@acb/logger';
import { Controller, type DynamicModule, Get, type INestApplication, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import pino, { type DestinationStream } from 'pino';
import { AppModule } from '../apps/api/src/app.module';
import { compare, elapsedMs, report, throughput, type BenchResult } from './harness';

const SETTINGS_DIR = join(__dirname, '..', 'settings');
const nullDestination: DestinationStream = { write: () => undefined };

type HealthReport = Record<string, { status: string }>;

/** `GET /health` as terminus shapes it (status, info, error, details), with one check and no library behind it. */
@Controller('health')
class BareHealthController {
  @Get()
  check(): { status: string; info: HealthReport; error: HealthReport; details: HealthReport } {
    const app = { status: 'up' };
    return { status: 'ok', info: { app }, error: {}, details: { app } };
  }
}

@Module({ controllers: [BareHealthController] })
class BareAppModule {}

@Module({})
class AcbOnlyModule {
  static forRoot(options: AcbModuleOptions): DynamicModule {
    return { module: AcbOnlyModule, imports: [AcbModule.forRoot(options)], controllers: [BareHealthController] };
  }
}

const ourOptions = (): AcbModuleOptions => ({ settingsDir: SETTINGS_DIR, env: {}, logger: { destination: nullDestination } });

async function startAcb(root: DynamicModule): Promise<INestApplication> {
  const app = await NestFactory.create(root, { bufferLogs: true });
  setupAcbApp(app, { shutdownSignals: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

const startOurs = (): Promise<INestApplication> => startAcb(AppModule.forRoot(ourOptions()));
const startAcbOnly = (): Promise<INestApplication> => startAcb(AcbOnlyModule.forRoot(ourOptions()));

async function startBare(): Promise<INestApplication> {
  const app = await NestFactory.create(BareAppModule, { logger: false });
  await app.listen(0, '127.0.0.1');
  return app;
}

const bootstrap = (start: () => Promise<INestApplication>) => () =>
  elapsedMs(async () => {
    const app = await start();
    await app.close();
  });

interface AutocannonResult {
  requests: { average: number };
  non2xx: number;
  errors: number;
}
const autocannon = require('autocannon') as (options: Record<string, unknown>) => Promise<AutocannonResult>;

const requestsPerSecond = (start: () => Promise<INestApplication>) => async (): Promise<number> => {
  const app = await start();
  try {
    const { port } = app.getHttpServer().address() as AddressInfo;
    const result = await autocannon({ url: `http://127.0.0.1:${port}/health`, connections: 10, duration: 3 });
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`GET /health failed: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return result.requests.average;
  } finally {
    await app.close();
  }
};

const LINES = 20_000;
const fields = { userId: 123, action: 'create', path: '/orders/42', items: 3 };

function logLines(): () => Promise<number> {
  const logger = createAcbLogger({
    destination: nullDestination,
    base: { app: 'bench' },
    redactPaths: ['user.password'],
    redactValues: () => ['s3cret-one', 'another-Secret-2', 'third-secret-value'],
  });
  return () =>
    AcbContext.run({ requestId: 'bench-request' }, () =>
      throughput(LINES, async () => {
        for (let i = 0; i < LINES; i += 1) logger.info('Processing request', fields);
      }),
    );
}

function pinoLines(): () => Promise<number> {
  const logger = pino({ base: { app: 'bench' } }, nullDestination);
  return () =>
    throughput(LINES, async () => {
      for (let i = 0; i < LINES; i += 1) logger.info({ requestId: 'bench-request', ...fields }, 'Processing request');
    });
}

describe('api benchmarks', () => {
  it('compares bootstrap time and GET /health throughput with a bare Nest app', async () => {
    const results: BenchResult[] = [];
    results.push(
      await compare({
        name: 'api bootstrap',
        unit: 'ms',
        goal: '<= 1.5',
        baselineName: 'bare Nest app',
        rounds: 15,
        warmup: 2,
        ours: bootstrap(startOurs),
        baseline: bootstrap(startBare),
      }),
    );
    results.push(
      await compare({
        name: 'AcbModule bootstrap',
        unit: 'ms',
        goal: '<= 1.5',
        baselineName: 'bare Nest app',
        rounds: 15,
        warmup: 2,
        ours: bootstrap(startAcbOnly),
        baseline: bootstrap(startBare),
      }),
    );
    results.push(
      await compare({
        name: 'GET /health',
        unit: 'req/s',
        goal: '>= 0.5',
        baselineName: 'bare Nest route',
        rounds: 3,
        warmup: 1,
        ours: requestsPerSecond(startOurs),
        baseline: requestsPerSecond(startBare),
      }),
    );
    results.push(
      await compare({
        name: 'log line',
        unit: 'lines/s',
        goal: '>= 0.7',
        baselineName: 'plain pino',
        rounds: 9,
        warmup: 2,
        ours: logLines(),
        baseline: pinoLines(),
      }),
    );
    report('api', results);
    for (const result of results) {
      expect(Number.isFinite(result.ours)).toBe(true);
      expect(Number.isFinite(result.baseline)).toBe(true);
      expect(Number.isFinite(result.ratio)).toBe(true);
    }
  }, 600_000);
});
