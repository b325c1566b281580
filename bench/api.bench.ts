/**
 * API benchmarks (suite `api`), ours and the baseline interleaved in one process:
 * - bootstrap of apps/api's AppModule with AcbModule.forRoot() on the sample settings (create + init + listen +
 *   close; configuration, logger, request-id middleware, adapters, queues, events, services, terminus health and the
 *   sample's own features) versus a bare Nest app serving the same route `GET /health` (same response shape as
 *   terminus: status, info, error, details) with no logger. Goal: ratio <= 1.5.
 * - the same bootstrap versus the same capabilities wired by hand the way a Nest user would: ConfigModule,
 *   nestjs-pino's LoggerModule (to a null destination), TypeOrmModule on SQLite (a file, a users entity and
 *   repository), TerminusModule (`GET /health` with a TypeORM ping), EventEmitterModule (wildcards), ScheduleModule
 *   and a users controller that emits an event. Goal: ratio <= 1.3.
 * - the same for AcbModule.forRoot() alone with the bare app's health controller (informative): what the ACB stack
 *   costs without the sample app's features (terminus, users, tasks, metrics).
 * - requests/s of `GET /health` (autocannon, keep-alive): ours (request id, one JSON log line per request to a
 *   null destination, terminus check) versus the bare route. Informative goal: ratio >= 0.5.
 * - log lines/s of AcbLogger (context mixin, redact paths, secret-value check of every line with 3 known secrets,
 *   inside an AcbContext) versus plain pino with the same fields, both to a null destination. Goal: ratio >= 0.7.
 * - the product (issue 13), autocannon 10 connections x 3 s, keep-alive: a cached `GET /api/posts/:id` (services
 *   repository cache over the cache adapter, session middleware, request log line) versus a bare Nest route returning
 *   the same post from lru-cache (goal: ratio >= 0.9); the rendered post page `GET /posts/:id` (layout + hbs,
 *   `page.viewed` emitted through the queue, view count read) versus a bare Nest route rendering the same template
 *   with the same data (goal: ratio >= 0.9).
 * - orders/s end to end in the distributed run (API + 1 and + 2 workers as real processes on PostgreSQL and Redis,
 *   ACB_PROFILE=distributed): 200 orders over HTTP, 10 in flight, from the first POST until every order is fulfilled
 *   and its four tasks finished (informative: no baseline).
 * A plain node script (bench/harness.ts).
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AcbModule, type AcbModuleOptions, setupAcbApp } from '@acb/core';
import { AcbContext, createAcbLogger } from '@acb/logger';
import { Body, Controller, type DynamicModule, Get, type INestApplication, Injectable, Module, Post } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { EventEmitter2, EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { Interval, ScheduleModule } from '@nestjs/schedule';
import { HealthCheck, HealthCheckService, TerminusModule, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { Logger, LoggerModule } from 'nestjs-pino';
import type { AddressInfo } from 'node:net';
import pino, { type DestinationStream } from 'pino';
import { Repository } from 'typeorm';
import { LRUCache } from 'lru-cache';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import { AppModule } from '../apps/api/src/app.module';
import { BlogService } from '../apps/api/src/blog/blog.service';
import { Post as BlogPost } from '../apps/api/src/blog/post.entity';
import { User } from '../apps/api/src/users/user.entity';
import { configureHandlebars, viewsDir } from '../apps/api/src/web/views';
import { Param, ParseIntPipe, Render } from '@nestjs/common';
import { DistributedRun } from '../apps/api/test/support/distributed-run';
import { compare, elapsedMs, measure, report, servers, throughput, type BenchResult } from './harness';

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

// --- the same capabilities wired by hand, as a Nest user would -----------------------------------------------------

@Injectable()
class HandUsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly events: EventEmitter2,
  ) {}

  list(): Promise<User[]> {
    return this.users.find({ take: 50 });
  }

  async create(input: { email: string; name: string }): Promise<User> {
    const user = await this.users.save(this.users.create(input));
    await this.events.emitAsync('user.created', { id: user.id });
    return user;
  }
}

@Injectable()
class HandUserStats {
  created = 0;

  @OnEvent('user.*')
  onUser(): void {
    this.created += 1;
  }

  @Interval(60_000)
  report(): void {
    this.created = 0;
  }
}

@Controller('users')
class HandUsersController {
  constructor(private readonly users: HandUsersService) {}

  @Get()
  list(): Promise<User[]> {
    return this.users.list();
  }

  @Post()
  create(@Body() body: { email: string; name: string }): Promise<User> {
    return this.users.create(body);
  }
}

@Controller('health')
class HandHealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly config: ConfigService,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.db.pingCheck('sql'), () => ({ app: { status: 'up' as const, name: this.config.get<string>('APP_NAME') } })]);
  }
}

const handDir = mkdtempSync(join(tmpdir(), 'acb-bench-hand-'));

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [() => ({ APP_NAME: 'hand-wired', PORT: 0 })] }),
    LoggerModule.forRoot({ pinoHttp: { stream: nullDestination } }),
    TypeOrmModule.forRoot({ type: 'better-sqlite3', database: join(handDir, 'hand.sqlite'), entities: [User], synchronize: true }),
    TypeOrmModule.forFeature([User]),
    TerminusModule,
    EventEmitterModule.forRoot({ wildcard: true }),
    ScheduleModule.forRoot(),
  ],
  controllers: [HandHealthController, HandUsersController],
  providers: [HandUsersService, HandUserStats],
})
class HandWiredAppModule {}

async function startHandWired(): Promise<INestApplication> {
  const app = await NestFactory.create(HandWiredAppModule, { bufferLogs: true });
  app.useLogger(app.get(Logger));
  app.enableShutdownHooks();
  await app.listen(0, '127.0.0.1');
  return app;
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

/** The product's app with one published post, and the post as JSON (what the bare routes serve). */
async function startProduct(): Promise<{ app: INestApplication; post: BlogPost }> {
  const app = await startAcb(AppModule.forRoot(ourOptions()));
  const post = await app.get(BlogService).publish({ id: 1, email: 'bench@example.com', name: 'Bench' }, { title: 'Benchmark post', body: '<p>A <strong>cached</strong> post body, sanitized once on write.</p>'.repeat(5) });
  return { app, post };
}

/**
 * A bare Nest app serving the same post from lru-cache (JSON) and rendering the same template (HTML): Express, Nest's
 * router, ParseIntPipe, res.json / res.render (with Express' ETag), nothing else — no security headers, no request
 * log line, no request id, no session or CSRF middleware, no global pipe, interceptor or filter, no service metrics,
 * no repository cache behind a cache adapter. With `obligations`, the two things every production route must do as
 * well: helmet's headers (defaults, as ours) and a pino-http request log line (to a null destination, as ours).
 */
async function startBarePosts(post: BlogPost, obligations = false): Promise<INestApplication> {
  const cache = new LRUCache<number, BlogPost>({ max: 10_000 });
  cache.set(post.id, JSON.parse(JSON.stringify(post)) as BlogPost);
  @Controller()
  class BarePostsController {
    @Get('api/posts/:id')
    json(@Param('id', ParseIntPipe) id: number): BlogPost | undefined {
      return cache.get(id);
    }

    @Get('posts/:id')
    @Render('post')
    page(@Param('id', ParseIntPipe) id: number): Record<string, unknown> {
      const found = cache.get(id);
      return { title: found?.title, post: found, views: 1 };
    }
  }
  @Module({ controllers: [BarePostsController] })
  class BarePostsModule {}
  const app = await NestFactory.create(BarePostsModule, { logger: false });
  if (obligations) {
    app.use(helmet());
    app.use(pinoHttp({ logger: pino({}, nullDestination) }));
  }
  const express = app.getHttpAdapter().getInstance() as { engine(ext: string, fn: unknown): void; set(key: string, value: unknown): void };
  const dir = viewsDir();
  express.engine('hbs', configureHandlebars(dir).__express);
  express.set('views', dir);
  express.set('view engine', 'hbs');
  express.set('view options', { layout: 'layout' });
  await app.listen(0, '127.0.0.1');
  return app;
}

/** req/s of `path` on a running app (the app stays up across rounds: the figure is the route, not the start). */
const routeRate = (app: () => INestApplication, path: string, headers: Record<string, string> = {}) => async (): Promise<number> => {
  const { port } = app().getHttpServer().address() as AddressInfo;
  const result = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: 10, duration: 3, headers });
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`GET ${path} failed: ${result.non2xx} non-2xx, ${result.errors} errors`);
  return result.requests.average;
};

const DISTRIBUTED_ORDERS = 200;

/** Orders/s end to end with `workers` workers (the processes start once; each round places and waits for a batch). */
async function distributedOrders(urls: { redis: string; postgres: string }, workers: number): Promise<BenchResult> {
  const run = await DistributedRun.start(urls, workers);
  try {
    return await measure({
      name: `orders end to end, distributed, API + ${workers} worker${workers > 1 ? 's' : ''}`,
      unit: 'orders/s',
      goal: '>= 0',
      rounds: 3,
      warmup: 1,
      run: async () => {
        const started = process.hrtime.bigint();
        const ids = await run.placeOrders(DISTRIBUTED_ORDERS, 10);
        const { missing } = await run.waitDone(ids, 120_000);
        if (missing.length > 0 || ids.length < DISTRIBUTED_ORDERS) throw new Error(`distributed run: ${missing.length} unfinished (${missing.slice(0, 3).join(', ')})`);
        return DISTRIBUTED_ORDERS / (Number(process.hrtime.bigint() - started) / 1e9);
      },
    });
  } finally {
    await run.close();
  }
}

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

/** The product's routes against bare Nest routes (the app and the baselines stay up across rounds). */
async function productRows(results: BenchResult[]): Promise<void> {
  const product = await startProduct();
  const bare = await startBarePosts(product.post);
  const obliged = await startBarePosts(product.post, true);
  try {
    results.push(
      await compare({
        name: 'GET /api/posts/:id (cached read)',
        unit: 'req/s',
        goal: '>= 0.9',
        baselineName: 'bare Nest route, same post from lru-cache',
        rounds: 3,
        warmup: 1,
        ours: routeRate(() => product.app, `/api/posts/${product.post.id}`),
        baseline: routeRate(() => bare, `/api/posts/${product.post.id}`),
      }),
      await compare({
        name: 'GET /posts/:id (rendered page)',
        unit: 'req/s',
        goal: '>= 0.9',
        baselineName: 'bare Nest route rendering the same template and data',
        rounds: 3,
        warmup: 1,
        ours: routeRate(() => product.app, `/posts/${product.post.id}`, { accept: 'text/html' }),
        baseline: routeRate(() => bare, `/posts/${product.post.id}`, { accept: 'text/html' }),
      }),
      // Informative: the same bare routes with the two obligations every production route has (helmet's headers
      // and a request log line): how much of the gap is those, how much the rest of our pipeline.
      await compare({
        name: 'GET /api/posts/:id (cached read) vs bare + helmet + request log (informative)',
        unit: 'req/s',
        goal: '>= 0.9',
        baselineName: 'bare Nest route from lru-cache, with helmet and pino-http',
        rounds: 3,
        warmup: 1,
        ours: routeRate(() => product.app, `/api/posts/${product.post.id}`),
        baseline: routeRate(() => obliged, `/api/posts/${product.post.id}`),
      }),
      await compare({
        name: 'GET /posts/:id (rendered page) vs bare + helmet + request log (informative)',
        unit: 'req/s',
        goal: '>= 0.9',
        baselineName: 'bare Nest route rendering the same template, with helmet and pino-http',
        rounds: 3,
        warmup: 1,
        ours: routeRate(() => product.app, `/posts/${product.post.id}`, { accept: 'text/html' }),
        baseline: routeRate(() => obliged, `/posts/${product.post.id}`, { accept: 'text/html' }),
      }),
    );
  } finally {
    await obliged.close();
    await bare.close();
    await product.app.close();
  }
}

/** `BENCH_API_PARTS=product,log` runs only those parts (default: all): startup, product, log, distributed. */
const PARTS = new Set((process.env.BENCH_API_PARTS ?? 'startup,product,log,distributed').split(',').map((part) => part.trim()));

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  try {
    if (PARTS.has('startup')) results.push(
      await compare({
        name: 'api bootstrap (create + listen + close)',
        unit: 'ms',
        goal: '<= 1.3',
        baselineName: 'same capabilities wired by hand (Config, nestjs-pino, TypeORM SQLite, Terminus, EventEmitter, Schedule)',
        rounds: 15,
        warmup: 2,
        ours: bootstrap(startOurs),
        baseline: bootstrap(startHandWired),
      }),
      await compare({
        name: 'api bootstrap (create + listen + close)',
        unit: 'ms',
        goal: '<= 1.5',
        baselineName: 'bare Nest app (one route, informative)',
        rounds: 15,
        warmup: 2,
        ours: bootstrap(startOurs),
        baseline: bootstrap(startBare),
      }),
      await compare({
        name: 'AcbModule bootstrap (informative)',
        unit: 'ms',
        goal: '<= 1.5',
        baselineName: 'bare Nest app',
        rounds: 15,
        warmup: 2,
        ours: bootstrap(startAcbOnly),
        baseline: bootstrap(startBare),
      }),
      // NOTE: the ACB stack alone (AcbModule + the bare /health route, none of the sample's product features) against
      // the hand-wired app: what the capabilities cost, without what apps/api adds on top of them.
      await compare({
        name: 'AcbModule bootstrap (informative)',
        unit: 'ms',
        goal: '<= 1.3',
        baselineName: 'same capabilities wired by hand',
        rounds: 15,
        warmup: 2,
        ours: bootstrap(startAcbOnly),
        baseline: bootstrap(startHandWired),
      }),
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
    if (PARTS.has('product')) await productRows(results);
    if (PARTS.has('log')) results.push(
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
    const urls = servers('api', ['redis', 'postgres']);
    if (urls && PARTS.has('distributed')) results.push(await distributedOrders(urls, 1), await distributedOrders(urls, 2));
  } finally {
    rmSync(handDir, { recursive: true, force: true });
  }
  report('api', results);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
