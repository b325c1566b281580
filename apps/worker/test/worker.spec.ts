import { Test, type TestingModule } from '@nestjs/testing';
import { AcbNestLogger, MemoryLogDestination } from '@acb/logger';
import { Queue, Worker, type TaskRecord } from '@acb/queues';
import { Outbox } from '../src/tasks/outbox.service';
import { SAMPLE_TASKS } from '../src/tasks/sample-task-names';
import { WorkerModule } from '../src/worker.module';

const NO_FILES = '/nonexistent/acb-worker-test-settings';

async function until(check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('apps/worker', () => {
  let module: TestingModule;
  let out: MemoryLogDestination;

  beforeAll(async () => {
    out = new MemoryLogDestination();
    module = await Test.createTestingModule({
      imports: [
        WorkerModule.forRoot({
          settingsDir: NO_FILES,
          values: { app: { name: 'worker-under-test' }, adapters: { queue: { backend: 'memory', workers: { concurrency: 2, maxRetries: 1 } } } },
          env: {},
          logger: { destination: out },
        }),
      ],
    }).compile();
    module.useLogger(module.get(AcbNestLogger));
    await module.init();
  });

  afterAll(() => module.close());

  const done = async (id: string): Promise<TaskRecord | undefined> => {
    let record: TaskRecord | undefined;
    await until(async () => {
      record = await module.get(Queue).getTask(id);
      return record?.status === 'completed' || record?.status === 'dead';
    });
    return record;
  };

  it('runs a worker with the queue settings of adapters.yml', () => {
    const worker = module.get(Worker);
    expect(worker.running).toBe(true);
    expect(worker.concurrency).toBe(2);
  });

  it('sends emails (the seed example) into the outbox', async () => {
    const queue = module.get(Queue);
    const handle = await queue.enqueue(SAMPLE_TASKS.sendEmail, {
      recipient: 'user@example.com',
      subject: 'Welcome',
      body: 'Welcome to our service!',
    });
    expect(await done(handle.id)).toMatchObject({ status: 'completed', result: { messageId: handle.id, recipient: 'user@example.com' } });
    expect(module.get(Outbox).sent()).toEqual([expect.objectContaining({ messageId: handle.id, subject: 'Welcome' })]);
  });

  it('processes orders at high priority and computes the total in cents', async () => {
    const handle = await module.get(Queue).enqueue(SAMPLE_TASKS.processOrder, {
      orderId: 'o-1',
      items: [
        { sku: 'a', quantity: 3, unitPrice: 0.1 },
        { sku: 'b', quantity: 1, unitPrice: 19.99 },
      ],
    });
    expect((await module.get(Queue).getTask(handle.id))?.priority).toBe(7);
    expect(await done(handle.id)).toMatchObject({ status: 'completed', result: { orderId: 'o-1', total: 20.29, items: 2 } });
  });

  it('dead-letters an invalid order at once with the reason', async () => {
    const handle = await module.get(Queue).enqueue(SAMPLE_TASKS.processOrder, { orderId: 'o-2', items: [] });
    const record = await done(handle.id);
    expect(record).toMatchObject({ status: 'dead', attempts: 1 });
    expect(record?.error).toContain('at least one item');
  });

  it('writes task log lines carrying the task id', async () => {
    const handle = await module.get(Queue).enqueueIn(0, SAMPLE_TASKS.sendReminder, { userId: 42 });
    await done(handle.id);
    await until(async () => out.records().some((line) => line.taskId === handle.id));
    expect(out.records().find((line) => line.taskId === handle.id)).toMatchObject({ msg: 'Reminder sent', userId: 42, task: 'send_reminder' });
  });
});
