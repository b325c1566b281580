import { randomUUID } from 'node:crypto';
import type { ChannelModel } from 'amqplib';
import { describeWithServer } from '../../../test/servers';
import { RabbitMqQueueBackend } from '../src/backends/rabbitmq/rabbitmq.backend';
import { ACB_HEADER, TASK_CONTENT_TYPE } from '../src/backends/rabbitmq/rabbitmq-message';
import type { QueueBackendOptions, QueueConsumer, TaskOutcome } from '../src/interfaces/queue-backend.interface';
import type { TaskRecord } from '../src/interfaces/task.interface';
import { backendsClosedAfterEach, request, testBackendOptions, waitFor } from './fault/support/backend-suite';

/**
 * The wire format changed (the task's metadata moved from the `x-acb` header into one JSON body): messages an earlier
 * version left in a queue must still run after an upgrade, with their attempt counts, retries and dead letters.
 */
describeWithServer('rabbitmq', 'RabbitMQ wire format across an upgrade (real RabbitMQ)', (url) => {
  const prefix = `acb-test-rmqfmt-${randomUUID().slice(0, 8)}`;
  const options = (overrides: Partial<QueueBackendOptions> = {}): QueueBackendOptions => testBackendOptions(url, prefix, overrides);
  let raw: ChannelModel;
  const open = backendsClosedAfterEach((overrides) => new RabbitMqQueueBackend(options(overrides)));

  beforeAll(async () => {
    const { connect } = await import('amqplib');
    raw = await connect(url);
  });
  afterAll(async () => {
    await raw.close();
  });

  /** A message exactly as versions before the change wrote it: payload body, metadata in the `x-acb` header. */
  async function publishOldFormat(queue: string, id: string, fields: { attempts: number; maxRetries: number; error?: string }): Promise<void> {
    const channel = await raw.createConfirmChannel();
    const now = Date.now();
    const header = {
      attempts: fields.attempts,
      maxRetries: fields.maxRetries,
      backoff: { type: 'fixed', delayMs: 10, maxDelayMs: 1000, multiplier: 2, jitter: 0 },
      timeoutMs: 0,
      createdAt: now,
      dueAt: now,
      queue,
      ...(fields.error ? { error: fields.error } : {}),
    };
    await channel.assertQueue(`${prefix}.${queue}`, { durable: true, arguments: { 'x-max-priority': 10 } });
    channel.sendToQueue(`${prefix}.${queue}`, Buffer.from(JSON.stringify({ id })), {
      messageId: id,
      type: 'old_task',
      priority: 5,
      persistent: true,
      contentType: 'application/json',
      headers: { [ACB_HEADER]: JSON.stringify(header) },
    });
    await channel.waitForConfirms();
    await channel.close();
  }

  it('runs messages queued in the earlier format: completes, retries (re-published in the new format) and dead-letters with their attempt counts', async () => {
    const queue = `upgrade-${randomUUID().slice(0, 8)}`;
    await publishOldFormat(queue, 'plain', { attempts: 0, maxRetries: 0 });
    await publishOldFormat(queue, 'retry-then-ok', { attempts: 0, maxRetries: 2 });
    await publishOldFormat(queue, 'last-attempt', { attempts: 1, maxRetries: 1, error: 'Error: before the upgrade' });
    const backend = await open();
    try {
      const seen: Array<[string, number]> = [];
      const handler = async (task: TaskRecord): Promise<TaskOutcome> => {
        const { id } = task.payload as { id: string };
        seen.push([id, task.attempts]);
        if (id === 'retry-then-ok' && task.attempts === 1) return { status: 'failed', error: 'Error: once', retryable: true };
        if (id === 'last-attempt') return { status: 'failed', error: 'Error: again', retryable: true };
        return { status: 'completed', result: id };
      };
      const consumer: QueueConsumer = await backend.consume(queue, { concurrency: 2 }, handler);
      await waitFor(async () => (await backend.getTask(queue, 'retry-then-ok'))?.status === 'completed' && (await backend.listTasks(queue, ['dead'])).length === 1);
      await consumer.stop(1000);
      expect(seen.sort()).toEqual([
        ['last-attempt', 2],
        ['plain', 1],
        ['retry-then-ok', 1],
        ['retry-then-ok', 2],
      ]);
      expect(await backend.getTask(queue, 'plain')).toMatchObject({ status: 'completed', name: 'old_task', result: 'plain' });
      const [dead] = await backend.listTasks(queue, ['dead']);
      expect(dead).toMatchObject({ id: 'last-attempt', name: 'old_task', attempts: 2, maxRetries: 1, error: 'Error: again', payload: { id: 'last-attempt' } });
      // The dead letter was written in the new format.
      const channel = await raw.createChannel();
      const message = await channel.get(`${prefix}.${queue}.dead`, { noAck: true });
      await channel.close();
      expect(message && message.properties.contentType).toBe(TASK_CONTENT_TYPE);
      expect(message && message.properties.headers?.[ACB_HEADER]).toBeUndefined();
      expect(message && JSON.parse(message.content.toString('utf8'))).toMatchObject({ attempts: 2, payload: { id: 'last-attempt' } });
    } finally {
      await backend.deleteQueue(queue);
    }
  });

  it("writes the earlier format with messageFormat 'header' (workers of an earlier version still consuming), which the new format reads", async () => {
    const queue = `header-${randomUUID().slice(0, 8)}`;
    const oldWriter = await open({ extra: { messageFormat: 'header' } });
    const reader = await open();
    try {
      await oldWriter.enqueue(request(queue, 'send_email', { id: 'h-1', payload: { to: 'a@b.c' }, maxRetries: 3 }));
      const channel = await raw.createChannel();
      const message = await channel.get(`${prefix}.${queue}`, { noAck: false });
      expect(message).not.toBe(false);
      if (message) {
        // What a worker of an earlier version reads: the payload as the body, the metadata in the header.
        expect(JSON.parse(message.content.toString('utf8'))).toEqual({ to: 'a@b.c' });
        expect(JSON.parse(String(message.properties.headers?.[ACB_HEADER]))).toMatchObject({ attempts: 0, maxRetries: 3 });
      }
      await channel.close(); // unacked: back to the queue
      const ran: TaskRecord[] = [];
      await waitFor(() => reader.runNext(queue, async (task) => (ran.push(task), { status: 'completed' })));
      expect(ran.map((task) => [task.id, task.payload, task.attempts, task.maxRetries])).toEqual([['h-1', { to: 'a@b.c' }, 1, 3]]);
    } finally {
      await reader.deleteQueue(queue);
    }
  });
});
