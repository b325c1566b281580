import { decode, encode, fromRequest, toRecord } from '../src/backends/rabbitmq/rabbitmq-message';
import { describeAmqp, resolveRabbitMqExtra, toAmqpUrl } from '../src/backends/rabbitmq/rabbitmq.options';
import { RabbitStatusStore } from '../src/backends/rabbitmq/rabbitmq-status-store';
import { delayBucket, RabbitTopology } from '../src/backends/rabbitmq/rabbitmq-topology';
import type { EnqueueRequest, TaskRecord } from '../src/interfaces/task.interface';

const request: EnqueueRequest = {
  id: 't-1',
  deduplicate: false,
  name: 'send_email',
  queue: 'mail',
  payload: { to: 'a@b.c', n: [1, 2] },
  priority: 7,
  delayMs: 1500,
  maxRetries: 2,
  backoff: { type: 'fixed', delayMs: 10, maxDelayMs: 100, multiplier: 2, jitter: 0 },
  timeoutMs: 300,
};

describe('RabbitMQ topology', () => {
  it('names the work, dead-letter, delay and lease queues under the prefix', () => {
    const topology = new RabbitTopology('acb');
    expect(topology.work('mail')).toBe('acb.mail');
    expect(topology.dead('mail')).toBe('acb.mail.dead');
    expect(topology.delay('mail', 896)).toBe('acb.mail.delay.896');
    expect(topology.lease()).toBe('acb.__acb_scheduler_lease');
  });

  it('declares a priority work queue and delay queues that dead-letter back into it', () => {
    const topology = new RabbitTopology('acb');
    expect(topology.workArgs('mail')).toEqual({ durable: true, arguments: { 'x-max-priority': 10 } });
    expect(topology.delayArgs('mail', 896, 60000).arguments).toEqual({
      'x-message-ttl': 896,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': 'acb.mail',
      'x-expires': 60896,
    });
    expect(new RabbitTopology('acb', 5000).deadArgs().arguments).toEqual({ 'x-expires': 5000 });
  });

  it('declares a plain work queue (no x-max-priority) for a queue that does not use priorities', () => {
    const topology = new RabbitTopology('acb', 0, (queue) => queue === 'urgent');
    expect(topology.workArgs('mail')).toEqual({ durable: true, arguments: {} });
    expect(topology.workArgs('urgent')).toEqual({ durable: true, arguments: { 'x-max-priority': 10 } });
  });

  it('rounds delays down to at most 4 buckets per doubling, exact under 100 ms, converging in few hops', () => {
    expect(delayBucket(1)).toBe(1);
    expect(delayBucket(99)).toBe(99);
    expect(delayBucket(1000)).toBe(896);
    let remaining = 365 * 24 * 3600 * 1000;
    let hops = 0;
    while (remaining > 0) {
      const bucket = delayBucket(remaining);
      expect(bucket).toBeLessThanOrEqual(remaining);
      remaining -= bucket;
      hops++;
    }
    expect(hops).toBeLessThan(30);
    const buckets = new Set(Array.from({ length: 1024 }, (_, i) => delayBucket(1024 + i)));
    expect(buckets.size).toBe(4);
  });
});

describe('RabbitMQ messages', () => {
  it('carries the task in a persistent message and reads it back', () => {
    const task = { ...fromRequest(request, 10_000), attempts: 1, error: 'Error: boom' };
    const { content, options } = encode(task);
    expect(options).toMatchObject({ messageId: 't-1', type: 'send_email', priority: 7, persistent: true });
    expect(JSON.parse(content.toString()).payload).toEqual(request.payload);
    const back = decode({ content, properties: { ...options, headers: options.headers } as never }, 'mail');
    expect(back).toEqual(task);
    expect(back.dueAt).toBe(11_500);
    expect(toRecord(back, 'failed')).toMatchObject({ id: 't-1', status: 'failed', attempts: 1, runAt: 11_500, error: 'Error: boom' });
  });

  it('reads a foreign message (no ACB header, non-JSON body) with defaults', () => {
    const task = decode({ content: Buffer.from('plain text'), properties: { messageId: 'x', type: 'legacy', headers: {} } as never }, 'mail');
    expect(task).toMatchObject({ id: 'x', name: 'legacy', queue: 'mail', payload: 'plain text', attempts: 0, maxRetries: 0 });
  });
});

describe('RabbitMQ status store', () => {
  const record = (id: string, fields: Partial<TaskRecord> = {}): TaskRecord => ({
    ...toRecord(fromRequest({ ...request, id, delayMs: 0 }, 1000), 'pending'),
    ...fields,
  });

  it('lists pending by priority then FIFO, then delayed by due time, then finished newest first', () => {
    const store = new RabbitStatusStore(100);
    store.put(record('low', { priority: 2 }));
    store.put(record('high-1', { priority: 9 }));
    store.put(record('later', { status: 'delayed', runAt: 9000 }));
    store.put(record('high-2', { priority: 9 }));
    store.put(record('soon', { status: 'failed', runAt: 5000 }));
    store.put(record('old-done', { status: 'completed', finishedAt: 100 }));
    store.put(record('new-done', { status: 'completed', finishedAt: 200 }));
    const ids = store.list('mail', ['pending', 'delayed', 'failed', 'completed']).map((r) => r.id);
    expect(ids).toEqual(['high-1', 'high-2', 'low', 'soon', 'later', 'new-done', 'old-done']);
  });

  it('forgets the least recently updated records beyond its limit (trimmed in batches: limit 2 holds up to 3)', () => {
    const store = new RabbitStatusStore(2);
    store.put(record('a'));
    store.put(record('b'));
    store.put(record('c'));
    expect(store.get('mail', 'a')).toBeDefined();
    store.put(record('a', { status: 'active' }), false);
    store.put(record('d'));
    expect(store.get('mail', 'b')).toBeUndefined();
    expect(store.get('mail', 'c')).toBeUndefined();
    expect(store.get('mail', 'a')?.status).toBe('active');
    expect(store.get('mail', 'd')).toBeDefined();
  });
});

describe('RabbitMQ backend options', () => {
  it('builds the URL from fields and hides credentials in messages', () => {
    expect(toAmqpUrl({ host: 'mq', port: 5673, username: 'u', password: 'p w', vhost: 'v/1' })).toBe('amqp://u:p%20w@mq:5673/v%2F1');
    expect(toAmqpUrl({ url: 'amqp://x' })).toBe('amqp://x');
    expect(describeAmqp('amqp://u:secret@mq:5672/v')).toBe('amqp://mq:5672/v');
  });

  it('rejects a wrong extra value with its key', () => {
    expect(resolveRabbitMqExtra({})).toMatchObject({ keepRecords: 10000, queueExpiresMs: 0 });
    expect(() => resolveRabbitMqExtra({ leaseRetryMs: -1 })).toThrow(/backendOptions\.leaseRetryMs/);
  });
});
