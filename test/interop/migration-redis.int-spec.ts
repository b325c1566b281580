/**
 * The README's migration path, step 4 (real Redis): the existing app's BullMQ queues meet AcbQueuesModule on the
 * redis backend. ACB's queues are registered the @nestjs/bullmq way (its @InjectQueue, an existing @Processor class
 * and @bull-board/nestjs find them with no BullModule.registerQueue), and an existing BullModule queue is handed to
 * ACB (its producers unchanged, its jobs run by an @AcbTask handler).
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { Injectable, type INestApplication, type Type } from '@nestjs/common';
import { BullModule, getQueueToken, InjectQueue as InjectBullQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import { BullBoardModule } from '@bull-board/nestjs';

type BullBoardServerAdapterClass = Parameters<typeof BullBoardModule.forRoot>[0]['adapter'];
import { Test } from '@nestjs/testing';
import type { Job, Queue as BullQueue } from 'bullmq';
import { AcbQueuesModule, AcbTask, InjectQueue, Queue, QUEUE_BACKEND, type QueueBackend } from '@acb/queues';
import { describeWithServer } from '../servers';
import { until } from '../until';

/** Existing producer code: @nestjs/bullmq's @InjectQueue of a BullModule.registerQueue queue. */
@Injectable()
class ImageUploads {
  constructor(@InjectBullQueue('images') readonly images: BullQueue) {}

  uploaded(file: string): Promise<Job> {
    return this.images.add('resize', { file });
  }
}

/** The existing @Processor of 'images' (step 3 and before). */
@Processor('images')
class ImagesProcessor extends WorkerHost {
  static readonly done: string[] = [];

  async process(job: Job<{ file: string }>): Promise<string> {
    ImagesProcessor.done.push(job.data.file);
    return 'resized';
  }
}

/** Step 4: the same jobs, now an ACB task (retries, dead letters, Scheduler, metrics of ACB). */
@Injectable()
class ImageTasks {
  readonly done: string[] = [];

  @AcbTask('resize', { queue: 'images', maxRetries: 2 })
  resize(payload: { file: string }): string {
    this.done.push(payload.file);
    return 'resized by ACB';
  }
}

/** An existing @Processor class, unchanged, on a queue ACB manages (no BullModule.registerQueue('reports')). */
@Processor('reports')
class ReportsProcessor extends WorkerHost {
  static readonly built: string[] = [];

  async process(job: Job<{ month: string }>): Promise<void> {
    ReportsProcessor.built.push(`${job.name}:${job.data.month}`);
  }
}

/** Both @InjectQueue spellings in one class: ACB's facade and @nestjs/bullmq's BullMQ Queue of the same queue. */
@Injectable()
class Reporting {
  constructor(
    @InjectQueue('reports') readonly acb: Queue,
    @InjectBullQueue('reports') readonly bull: BullQueue,
  ) {}
}

describeWithServer('redis', 'migration path step 4: ACB queues on Redis beside @nestjs/bullmq and Bull Board', (url) => {
  const { hostname, port } = new URL(url);
  const connection = { host: hostname, port: Number(port) };
  let prefix: string;
  let app: INestApplication | undefined;

  beforeEach(() => {
    prefix = `acb-interop-${randomUUID().slice(0, 8)}`;
    ImagesProcessor.done.length = 0;
    ReportsProcessor.built.length = 0;
  });

  afterEach(async () => {
    await app?.close();
    app = undefined;
    const { Redis } = await import('ioredis');
    const redis = new Redis(url);
    try {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length > 0) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  });

  async function start(imports: unknown[], providers: Type[]): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        BullModule.forRoot({ connection, prefix }),
        BullModule.registerQueue({ name: 'images' }),
        // NOTE: @bull-board/express 9.10.1 pins its own @bull-board/api (9.10.1 beside the app's 9.10.2): the same
        // adapter at run time, two declarations of it for the compiler.
        BullBoardModule.forRoot({ route: '/queues', adapter: ExpressAdapter as unknown as BullBoardServerAdapterClass }),
        ...(imports as never[]),
      ],
      providers: [ImageUploads, ...providers],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.listen(0, '127.0.0.1');
    return app;
  }

  async function boardQueues(nest: INestApplication): Promise<string[]> {
    const { port: boardPort } = nest.getHttpServer().address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${boardPort}/queues/api/queues`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { queues: Array<{ name: string }> };
    return body.queues.map((queue) => queue.name).sort();
  }

  it('before ACB: the BullModule queue, its producer and its @Processor', async () => {
    const nest = await start([BullBoardModule.forFeature({ name: 'images', adapter: BullMQAdapter })], [ImagesProcessor]);
    await nest.get(ImageUploads).uploaded('cat.png');
    await until(async () => ImagesProcessor.done, (done) => done.includes('cat.png'));
    expect(await boardQueues(nest)).toEqual(['images']);
  });

  it('after: ACB queues found by @nestjs/bullmq, an existing @Processor and Bull Board; images handed to an @AcbTask', async () => {
    const nest = await start(
      [
        AcbQueuesModule.forRoot({
          backend: 'redis',
          connection: { url },
          prefix,
          queues: ['images', 'reports'],
          // 'build' runs in the existing @Processor, not in an ACB handler of this process
          remoteTasks: ['build'],
          runWorker: true,
          // ACB's worker serves 'images'; 'reports' stays with its existing @Processor (one consumer side per queue)
          worker: { queues: ['images'] },
        }),
        BullBoardModule.forFeature({ name: 'images', adapter: BullMQAdapter }, { name: 'reports', adapter: BullMQAdapter }),
      ],
      [ImageTasks, ReportsProcessor, Reporting],
    );

    // @nestjs/bullmq's token of an ACB queue holds the very BullMQ Queue the redis backend uses
    const backend = nest.get<QueueBackend & { bullQueue(name: string): BullQueue }>(QUEUE_BACKEND);
    const reporting = nest.get(Reporting);
    expect(reporting.bull).toBe(backend.bullQueue('reports'));
    expect(nest.get(getQueueToken('reports'))).toBe(reporting.bull);
    expect(reporting.bull.opts.prefix).toBe(prefix);

    // ACB enqueues, the existing @Processor (no BullModule.registerQueue('reports')) runs it
    const handle = await reporting.acb.enqueue('build', { month: '2026-11' });
    await until(async () => ReportsProcessor.built, (built) => built.length === 1);
    expect(ReportsProcessor.built).toEqual(['build:2026-11']);
    await until(async () => reporting.bull.getJobState(handle.id), (state) => state === 'completed');

    // the existing producer is unchanged: its job on the handed-over queue runs in the @AcbTask handler
    const job = await nest.get(ImageUploads).uploaded('dog.png');
    await until(async () => nest.get(ImageTasks).done, (done) => done.includes('dog.png'));
    const task = await until(async () => backend.getTask('images', String(job.id)), (record) => record?.status === 'completed');
    expect(task?.name).toBe('resize');

    // Bull Board lists ACB's queues, registered only by name
    expect(await boardQueues(nest)).toEqual(['images', 'reports']);
  });

  it('registers the same tokens under forRootAsync (the default queue and the names asked for with @InjectQueue)', async () => {
    const nest = await start(
      [AcbQueuesModule.forRootAsync({ useFactory: () => ({ backend: 'redis' as const, connection: { url }, prefix }) })],
      [Reporting],
    );
    const backend = nest.get<QueueBackend & { bullQueue(name: string): BullQueue }>(QUEUE_BACKEND);
    expect(nest.get(Reporting).bull).toBe(backend.bullQueue('reports'));
    expect(nest.get(getQueueToken('default'))).toBe(backend.bullQueue('default'));
  });
});
