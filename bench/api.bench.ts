/**
 * API benchmarks (suite `api`), ours and the baseline interleaved in one process.
 *
 * Bootstrap (create + init + listen + close, medians of interleaved rounds; every app first boots 10 times so that
 * each row compares warm code, whatever its place in the run):
 * - ISSUE 10'S GOAL (ratio <= 1.3): apps/api's AppModule (the ACB stack from the sample settings, migrations applied
 *   at start, plus the product's own modules: task handlers, terminus health, security headers, users, tasks, web
 *   pages with sessions and CSRF, auth, blog, orders with their workflow, operations, Bull Board) versus the same
 *   capabilities wired by hand the way a Nest user would: ConfigModule, nestjs-pino's LoggerModule (to a null
 *   destination), TypeOrmModule on SQLite (a file, the sample's User entity, synchronize), TerminusModule
 *   (`GET /health` with a TypeORM ping), EventEmitterModule (wildcards), ScheduleModule (one interval) and a users
 *   controller that emits an event. The baseline has the infrastructure only, none of the product.
 * - like-for-like (ratio <= 1.3): the ACB stack alone, `AcbModule.forRoot()` with a bare `GET /health` route and
 *   none of the product, versus the same hand-wired app (which keeps its terminus health and users feature).
 * - informative: both against a bare Nest app (one route, no logger).
 * - where apps/api's start goes (informative, ms): the app built up one part at a time — the ACB systems in
 *   AcbModule's order (its `features` switches), then the product's module families in AppModule's order (each step on
 *   a database of its own); each row is the CPU time of that step's create + listen + close minus the step
 *   before's (lower quartiles of 31 interleaved rounds of the pair: other processes' load inflates CPU time less
 *   than wall time, and inflates the upper samples most).
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
import { type AcbFeatureSwitches, AcbModule, type AcbModuleOptions, setupAcbApp } from '@acb/core';
import { AcbContext, createAcbLogger } from '@acb/logger';
import { Body, Controller, type DynamicModule, Get, type INestApplication, Injectable, Module, Post, type Type } from '@nestjs/common';
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
import { ProductTasksModule } from '../apps/worker/src/product/product-tasks.module';
import { HealthModule } from '../apps/api/src/health/health.module';
import { adaptersIndicator } from '../apps/api/src/health/indicators/adapters.indicator';
import { appIndicator } from '../apps/api/src/health/indicators/app.indicator';
import { queuesIndicator } from '../apps/api/src/health/indicators/queues.indicator';
import { servicesIndicator } from '../apps/api/src/health/indicators/services.indicator';
import { SecurityHeadersModule } from '../apps/api/src/security/security-headers.module';
import { UsersModule } from '../apps/api/src/users/users.module';
import { TasksModule } from '../apps/api/src/tasks/tasks.module';
import { AppOptionsModule } from '../apps/api/src/app-options';
import { WebModule } from '../apps/api/src/web/web.module';
import { AuthModule } from '../apps/api/src/auth/auth.module';
import { BlogModule } from '../apps/api/src/blog/blog.module';
import { OrdersModule } from '../apps/api/src/orders/orders.module';
import { OperationsModule } from '../apps/api/src/operations/operations.module';
import { BullBoardModule } from '../apps/api/src/admin/bull-board.module';
import { PRODUCT_WORKFLOWS } from '../apps/api/src/workflows/product-workflows.module';
import { compare, elapsedMs, measure, percentile, record, report, servers, throughput, type BenchResult } from './harness';

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
const breakdownDir = mkdtempSync(join(tmpdir(), 'acb-bench-breakdown-'));

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

// --- where apps/api's start goes, one module family at a time ------------------------------------------------------

/**
 * apps/api's imports after AcbModule, grouped by family in AppModule.forRoot's order. The last step is AppModule
 * itself (adding its metrics controller, global filter and pipe); `startupBreakdown` checks that the families cover
 * exactly AppModule's imports, so the breakdown cannot drift from the app.
 */
const FAMILIES: Array<[string, () => Array<Type | DynamicModule>]> = [
  ['task handlers (ProductTasksModule)', () => [ProductTasksModule]],
  ['health (HealthModule: terminus, 4 indicators)', () => [HealthModule.forRoot({ indicators: [appIndicator, adaptersIndicator, servicesIndicator, queuesIndicator] })]],
  ['security headers (helmet)', () => [SecurityHeadersModule]],
  ['users + tasks API (UsersModule, TasksModule, AppOptionsModule)', () => [UsersModule, TasksModule, AppOptionsModule.forRoot({})]],
  ['web pages + auth (WebModule: views, sessions, CSRF; AuthModule)', () => [WebModule, AuthModule]],
  ["blog (BlogModule, the product's workflow actions and definitions)", () => [BlogModule]],
  ['orders (OrdersModule)', () => [OrdersModule]],
  ['operations page (OperationsModule)', () => [OperationsModule]],
  ['Bull Board (BullBoardModule)', () => [BullBoardModule]],
];

/** The ACB systems in AcbModule's order (ACB_FEATURES), the first being what is always on. */
const ACB_SYSTEMS: Array<[string, keyof AcbFeatureSwitches | 'base']> = [
  ['configuration + logging (every other system switched off)', 'base'],
  ['adapters (cache, sql on SQLite through TypeORM, nosql, storage, monitoring)', 'adapters'],
  ['queues (memory backend, worker)', 'queues'],
  ['events (local)', 'events'],
  ['migrations (applied at start)', 'migrations'],
  ['services', 'services'],
  ['workflows', 'workflows'],
];

const moduleClass = (entry: unknown): unknown => (entry as { module?: unknown }).module ?? entry;

@Module({})
class BreakdownAppModule {}

/**
 * CPU time (user + system, this process) of one create + listen + close: on a shared machine a step's cost is a
 * difference of two figures, and CPU time is not inflated by the time other processes hold the cores.
 */
async function cpuMs(start: () => Promise<INestApplication>): Promise<number> {
  const before = process.cpuUsage();
  const app = await start();
  await app.close();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function startupBreakdown(dir: string): Promise<BenchResult[]> {
  const appImports = (AppModule.forRoot(ourOptions()).imports ?? []).slice(1).map(moduleClass);
  const covered = FAMILIES.flatMap(([, modules]) => modules().map(moduleClass));
  if (appImports.length !== covered.length || appImports.some((entry, index) => entry !== covered[index])) {
    throw new Error("bench/api: the bootstrap breakdown's module families no longer match AppModule.forRoot's imports");
  }
  // NOTE: each step on a database of its own: a step's migrations history must match the migrations it registers.
  const options = (step: number): AcbModuleOptions => ({ ...ourOptions(), values: { sql: { database: join(dir, `step-${step}.sqlite`) } } });
  // NOTE: the ACB stack itself, one system at a time in AcbModule's order (AcbModule's `features` switches).
  const systems = ACB_SYSTEMS.map(([name], index) => ({
    name: `ACB ${name}`,
    start: () => {
      const features = Object.fromEntries(ACB_SYSTEMS.slice(1).map(([, system], at) => [system, at < index])) as AcbFeatureSwitches;
      return startAcb({ module: BreakdownAppModule, imports: [AcbModule.forRoot({ ...options(index), features, migrations: { runOnStartup: true } })] });
    },
  }));
  const steps: Array<{ name: string; start: () => Promise<INestApplication> }> = [
    ...systems,
    ...FAMILIES.map(([name], index) => ({
      name,
      start: () => {
        const step = systems.length + index;
        // NOTE: the product's workflow definitions need the actions BlogModule brings (ProductWorkflowsModule).
        const withWorkflows = FAMILIES.slice(0, index + 1).some(([, family]) => family().includes(BlogModule));
        const workflows = { definitions: withWorkflows ? [...PRODUCT_WORKFLOWS] : [] };
        const imports = FAMILIES.slice(0, index + 1).flatMap(([, family]) => family());
        return startAcb({ module: BreakdownAppModule, imports: [AcbModule.forRoot({ ...options(step), migrations: { runOnStartup: true }, workflows }), ...imports] });
      },
    })),
    { name: 'AppModule itself (metrics controller, global filter and pipe)', start: () => startAcb(AppModule.forRoot(options(systems.length + FAMILIES.length))) },
  ];
  // NOTE: each part against the step before it, in pairs of interleaved rounds (a boot leaves garbage the next boot
  // may collect, so a step is only compared with its neighbour, alternating which of the two runs first), and the
  // lower quartile of each: CPU time only grows with other processes' interference (caches, cores), so the lower
  // quartile is the steadier estimate of what a step itself costs on this shared machine.
  const rounds = 31;
  const quartile = (samples: number[]): number => percentile(samples, 25);
  const results: BenchResult[] = [];
  for (let i = 0; i < steps.length; i += 1) {
    const step = steps[i] as { name: string; start: () => Promise<INestApplication> };
    const before = steps[i - 1];
    const ours: number[] = [];
    const baseline: number[] = [];
    for (let warm = 0; warm < 3; warm += 1) {
      await cpuMs(step.start);
      if (before) await cpuMs(before.start);
    }
    for (let round = 0; round < rounds; round += 1) {
      if (before && round % 2 === 1) baseline.push(await cpuMs(before.start));
      ours.push(await cpuMs(step.start));
      if (before && round % 2 === 0) baseline.push(await cpuMs(before.start));
    }
    const cost = quartile(ours) - (before ? quartile(baseline) : 0);
    results.push(record(`api bootstrap breakdown, CPU: ${before ? '+ ' : ''}${step.name} (informative)`, 'ms', cost, '>= 0', rounds));
  }
  // NOTE: the scale: the whole hand-wired app measured the same way (the baseline, CPU per start).
  const hand: number[] = [];
  for (let warm = 0; warm < 3; warm += 1) await cpuMs(startHandWired);
  for (let round = 0; round < rounds; round += 1) hand.push(await cpuMs(startHandWired));
  results.push(record('api bootstrap breakdown, CPU: for scale, the whole hand-wired app (informative)', 'ms', quartile(hand), '>= 0', rounds));
  return results;
}

/** `BENCH_API_PARTS=product,log` runs only those parts (default: all): startup, breakdown, product, log, distributed. */
const PARTS = new Set((process.env.BENCH_API_PARTS ?? 'startup,breakdown,product,log,distributed').split(',').map((part) => part.trim()));

async function main(): Promise<void> {
  const results: BenchResult[] = [];
  try {
    // NOTE: every app boots a few times before the first row, so that row (the goal) is not measured on code
    // V8 has not optimised yet while the later rows are: each app is then as warm in every row it appears in.
    if (PARTS.has('startup')) for (let i = 0; i < 10; i += 1) for (const start of [startOurs, startHandWired, startAcbOnly, startBare]) await (await start()).close();
    if (PARTS.has('startup')) results.push(
      await compare({
        name: "api bootstrap, apps/api = ACB stack + the product (create + listen + close) — issue 10's goal",
        unit: 'ms',
        goal: '<= 1.3',
        baselineName: 'same capabilities wired by hand (Config, nestjs-pino, TypeORM SQLite, Terminus, EventEmitter, Schedule)',
        rounds: 15,
        warmup: 2,
        ours: bootstrap(startOurs),
        baseline: bootstrap(startHandWired),
      }),
      await compare({
        name: 'api bootstrap, apps/api (informative)',
        unit: 'ms',
        goal: '<= 1.5',
        baselineName: 'bare Nest app (one route)',
        rounds: 15,
        warmup: 2,
        ours: bootstrap(startOurs),
        baseline: bootstrap(startBare),
      }),
      await compare({
        name: 'ACB stack alone bootstrap, AcbModule + bare /health (informative)',
        unit: 'ms',
        goal: '<= 1.5',
        baselineName: 'bare Nest app (one route)',
        rounds: 15,
        warmup: 2,
        ours: bootstrap(startAcbOnly),
        baseline: bootstrap(startBare),
      }),
      // NOTE: the ACB stack alone (AcbModule + the bare /health route, none of the sample's product features) against
      // the hand-wired app: what the capabilities cost, without what apps/api adds on top of them.
      await compare({
        name: 'ACB stack alone bootstrap, AcbModule + bare /health — like-for-like',
        unit: 'ms',
        goal: '<= 1.3',
        baselineName: 'same capabilities wired by hand (terminus health and users feature included)',
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
    if (PARTS.has('breakdown')) results.push(...(await startupBreakdown(breakdownDir)));
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
    rmSync(breakdownDir, { recursive: true, force: true });
  }
  report('api', results);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
