import { ACB_QUEUES_OPTIONS, type AcbQueuesModuleOptions, DEFAULT_QUEUE, QUEUE_BACKEND, QUEUES_DEFAULTS, type QueueBackend } from '@acb/queues';
import { Inject, Injectable, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost, ModuleRef } from '@nestjs/core';
import type { Queue as BullQueue } from 'bullmq';
import type { WebRequest, WebResponse } from '../web/web-request';

/** Where Bull Board is mounted (only when the queue backend is redis). */
export const BULL_BOARD_PATH = '/admin/queues';

interface ExpressLike {
  use(path: string, ...handlers: unknown[]): void;
}

/**
 * Bull Board at `/admin/queues` when the queue backend is redis (BullMQ): the same jobs the operations page counts,
 * with BullMQ's own tools. Signed-in users only (others are sent to the login page). Nothing is loaded on memory or
 * rabbitmq.
 */
@Injectable()
export class BullBoardMount implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('BullBoard');
  private queues: BullQueue[] = [];

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    private readonly moduleRef: ModuleRef,
  ) {}

  async onModuleInit(): Promise<void> {
    const app = this.adapterHost.httpAdapter?.getInstance<ExpressLike>();
    if (this.backend.name !== 'redis' || !app || typeof app.use !== 'function') return;
    const [{ createBullBoard }, { BullMQAdapter }, { ExpressAdapter }, { Queue }] = await Promise.all([
      import('@bull-board/api'),
      import('@bull-board/api/bullMQAdapter'),
      import('@bull-board/express'),
      import('bullmq'),
    ]);
    // NOTE: the queues module keeps its options to itself; they are read here only on redis.
    const options = this.moduleRef.get<AcbQueuesModuleOptions>(ACB_QUEUES_OPTIONS, { strict: false });
    const connection = options.connection ?? {};
    const redis = connection.url ? { url: connection.url } : { host: connection.host, port: connection.port, db: connection.db, username: connection.username, password: connection.password };
    const prefix = options.prefix ?? QUEUES_DEFAULTS.prefix;
    const names = [...new Set([options.defaultQueue ?? DEFAULT_QUEUE, ...(options.queues ?? [])])];
    this.queues = names.map((name) => new Queue(name, { connection: redis as never, prefix }));
    const serverAdapter = new ExpressAdapter();
    serverAdapter.setBasePath(BULL_BOARD_PATH);
    // NOTE: @bull-board/express pins its own copy of @bull-board/api; the adapter is the same at run time.
    createBullBoard({ queues: this.queues.map((queue) => new BullMQAdapter(queue)), serverAdapter: serverAdapter as unknown as Parameters<typeof createBullBoard>[0]['serverAdapter'] });
    app.use(BULL_BOARD_PATH, signedIn, serverAdapter.getRouter());
    this.logger.log(`Bull Board at ${BULL_BOARD_PATH} (${names.join(', ')})`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.queues.map((queue) => queue.close()));
  }
}

function signedIn(req: WebRequest, res: WebResponse, next: () => void): void {
  if (req.acbSession?.user) return next();
  res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
}

@Module({ providers: [BullBoardMount] })
export class BullBoardModule {}
