import { randomBytes } from 'node:crypto';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbQueuesModule, Queue, QUEUE_BACKEND, type QueueBackend, type TaskRecord } from '@acb/queues';
import { describeWithServer } from '../../../test/servers';
import { SpawnedApp } from '../../api/test/support/spawn-app';
import { SAMPLE_TASKS } from '../src/tasks/sample-task-names';
import { until } from '../../../test/until';


// The sample worker as a real process on the shared Redis, fed by a producer that only declares the task names
// (what the sample API does): the worker runs the producer's tasks, and SIGTERM is a graceful stop.
describeWithServer('redis', 'apps/worker process on redis', (url) => {
  const prefix = `acbworker-${randomBytes(4).toString('hex')}`;
  let producer: TestingModule;
  let queue: Queue;
  let child: SpawnedApp | undefined;

  const startWorker = async (): Promise<SpawnedApp> => {
    const spawned = new SpawnedApp('apps/worker/src/main.ts', {
      ACB_APP__NAME: 'worker-int',
      ACB_ADAPTERS__QUEUE__BACKEND: 'redis',
      ACB_ADAPTERS__QUEUE__REDIS__URL: url,
      ACB_ADAPTERS__QUEUE__PREFIX: prefix,
      ACB_ADAPTERS__QUEUE__SHUTDOWN_TIMEOUT: '1.5',
    });
    const ready = await spawned.waitForLine((line) => String(line.msg).startsWith('worker worker-int ready'), 45_000);
    expect(ready).toMatchObject({ backend: 'redis', tasks: expect.arrayContaining(Object.values(SAMPLE_TASKS)) });
    return spawned;
  };

  beforeAll(async () => {
    producer = await Test.createTestingModule({
      imports: [
        AcbQueuesModule.forRoot({ backend: 'redis', connection: { url }, prefix, remoteTasks: Object.values(SAMPLE_TASKS) }),
      ],
    }).compile();
    producer.useLogger(false);
    await producer.init();
    queue = producer.get(Queue);
  });

  afterEach(async () => {
    await child?.dispose();
    child = undefined;
  });

  afterAll(async () => {
    await producer.get<QueueBackend>(QUEUE_BACKEND).obliterate('default');
    await producer.close();
  });

  const status = (id: string) => () => queue.getTask(id);
  const settled = (record: TaskRecord | undefined) => record?.status === 'completed' || record?.status === 'dead';

  it('runs the tasks another process enqueues', async () => {
    child = await startWorker();
    const email = await queue.enqueue(SAMPLE_TASKS.sendEmail, { recipient: 'user@example.com', subject: 'Welcome', body: 'Hi' });
    const order = await queue.enqueue(SAMPLE_TASKS.processOrder, { orderId: 'o-9', items: [{ sku: 'x', quantity: 2, unitPrice: 1.25 }] });
    expect(await until(status(email.id), settled)).toMatchObject({
      status: 'completed',
      result: { messageId: email.id, recipient: 'user@example.com' },
    });
    expect(await until(status(order.id), settled)).toMatchObject({ status: 'completed', result: { orderId: 'o-9', total: 2.5 } });
    await child.waitForLine((line) => line.msg === 'Email sent' && line.taskId === email.id, 10_000);
  }, 90_000);

  it('on SIGTERM finishes short in-flight tasks, returns the long one to the queue, and exits 0 in time', async () => {
    child = await startWorker();
    const short1 = await queue.enqueue(SAMPLE_TASKS.generateReport, { reportId: 'short-1', durationMs: 600 });
    const short2 = await queue.enqueue(SAMPLE_TASKS.generateReport, { reportId: 'short-2', durationMs: 600 });
    const long = await queue.enqueue(SAMPLE_TASKS.generateReport, { reportId: 'long', durationMs: 120_000 });
    await until(status(long.id), (record) => record?.status === 'active');
    await until(status(short2.id), (record) => record?.status === 'active' || record?.status === 'completed');

    const started = Date.now();
    const exit = await child.stop('SIGTERM', 15_000);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(15_000);

    expect((await queue.getTask(short1.id))?.status).toBe('completed');
    expect((await queue.getTask(short2.id))?.status).toBe('completed');
    expect(await queue.getTask(long.id)).toMatchObject({ status: 'pending', attempts: 0 });
    await queue.cancel(long.id);
  }, 90_000);
});
