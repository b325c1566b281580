import type { Channel, Message } from 'amqplib';
import type { RabbitConnection } from '../../src/backends/rabbitmq/rabbitmq-connection';
import { encode, fromRequest } from '../../src/backends/rabbitmq/rabbitmq-message';
import { RabbitStatusStore } from '../../src/backends/rabbitmq/rabbitmq-status-store';
import { RabbitTaskRunner, type RabbitDelivery, type RabbitRun } from '../../src/backends/rabbitmq/rabbitmq-task-runner';
import { RabbitTopology } from '../../src/backends/rabbitmq/rabbitmq-topology';
import type { TaskHandlerFn, TaskOutcome } from '../../src/interfaces/queue-backend.interface';
import type { EnqueueRequest } from '../../src/interfaces/task.interface';

const request = (maxRetries: number): EnqueueRequest => ({
  id: `t-${maxRetries}`,
  deduplicate: false,
  name: 'send_email',
  queue: 'mail',
  payload: { to: 'a@b.c' },
  priority: 5,
  delayMs: 0,
  maxRetries,
  backoff: { type: 'fixed', delayMs: 0, maxDelayMs: 0, multiplier: 2, jitter: 0 },
  timeoutMs: 0,
});

/** A runner on a fake connection: `publish` resolves (confirmed) unless `fail` says otherwise. */
function setup(fail = false) {
  const published: string[] = [];
  const connection = {
    publish: (_exchange: string, routingKey: string) => {
      published.push(routingKey);
      return fail ? Promise.reject(new Error('channel closed')) : Promise.resolve();
    },
    assertQueue: () => Promise.resolve(),
  } as unknown as RabbitConnection;
  const store = new RabbitStatusStore(100);
  const runner = new RabbitTaskRunner(connection, new RabbitTopology('p'), store, 60_000, 100);
  const frames: string[] = [];
  const channel = {
    ack: (message: Message) => frames.push(`ack ${message.fields.deliveryTag}`),
    nack: (message: Message) => frames.push(`nack ${message.fields.deliveryTag}`),
  } as unknown as Channel;
  const deliver = (maxRetries: number): RabbitDelivery => {
    const { content, options } = encode(fromRequest(request(maxRetries), Date.now() - 10));
    const message = { content, properties: options, fields: { deliveryTag: 1, redelivered: false } } as unknown as Message;
    return { message, channel };
  };
  return { runner, store, frames, published, deliver };
}

const outcome = (value: TaskOutcome): TaskHandlerFn => async () => value;

describe('RabbitTaskRunner', () => {
  it("a consumer's run: completed → acked, record completed, onEnd told once, done resolves", async () => {
    const { runner, store, frames, deliver } = setup();
    const ended: Array<[RabbitRun, unknown]> = [];
    const delivery = deliver(0);
    const run = runner.newRun(delivery, undefined, (r, failure) => ended.push([r, failure]));
    await runner.process('mail', delivery, outcome({ status: 'completed', result: 7 }), run);
    expect(frames).toEqual(['ack 1']);
    expect(store.get('mail', 't-0')).toMatchObject({ status: 'completed', attempts: 1, result: 7 });
    expect(ended).toEqual([[run, undefined]]);
  });

  it('a failure with retries left publishes the next attempt before the ack (the handler gets its own copy)', async () => {
    const { runner, store, frames, published, deliver } = setup();
    const ended: unknown[] = [];
    const delivery = deliver(2);
    const handler: TaskHandlerFn = async (task) => {
      (task.payload as { to: string }).to = 'changed';
      return { status: 'failed', error: 'Error: boom', retryable: true };
    };
    await runner.process('mail', delivery, handler, runner.newRun(delivery, undefined, (_r, failure) => ended.push(failure)));
    expect(published).toEqual(['p.mail']);
    expect(frames).toEqual(['ack 1']);
    expect(store.get('mail', 't-2')).toMatchObject({ status: 'pending', attempts: 1, error: 'Error: boom', payload: { to: 'a@b.c' } });
    expect(ended).toEqual([undefined]);
  });

  it('an outcome that cannot be stored (dead letter not confirmed) is not acked; onEnd gets the failure and done resolves', async () => {
    const { runner, frames, published, deliver } = setup(true);
    const ended: unknown[] = [];
    const delivery = deliver(0);
    const run = runner.newRun(delivery, undefined, (_r, failure) => ended.push(failure));
    await expect(runner.process('mail', delivery, outcome({ status: 'failed', error: 'Error: x', retryable: true }), run)).resolves.toBeUndefined();
    expect(published).toEqual(['p.mail.dead']);
    expect(frames).toEqual([]); // the broker re-delivers it: at least once
    expect(ended).toEqual([{ error: new Error('channel closed') }]);
  });

  it('without onEnd (runNext) the same failure rejects done', async () => {
    const { runner, deliver } = setup(true);
    const delivery = deliver(0);
    await expect(
      runner.process('mail', delivery, outcome({ status: 'failed', error: 'Error: x', retryable: false }), runner.newRun(delivery)),
    ).rejects.toThrow('channel closed');
  });

  it('a run returned by a timed-out stop ignores its late outcome and ends once', async () => {
    const { runner, frames, store, deliver } = setup();
    const ended: unknown[] = [];
    let finish: (value: TaskOutcome) => void = () => undefined;
    const delivery = deliver(0);
    const run = runner.newRun(delivery, new AbortController(), (_r, failure) => ended.push(failure));
    const done = runner.process('mail', delivery, () => new Promise<TaskOutcome>((resolve) => (finish = resolve)), run);
    await Promise.resolve();
    expect(runner.returnToQueue('mail', run)).toBe(true);
    expect(run.controller.signal.aborted).toBe(true);
    finish({ status: 'completed' });
    await done;
    expect(frames).toEqual(['nack 1']);
    expect(store.get('mail', 't-0')?.status).toBe('pending');
    expect(ended).toEqual([undefined]);
  });
});
