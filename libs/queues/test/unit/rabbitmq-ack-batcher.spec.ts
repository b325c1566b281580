import type { Channel, Message } from 'amqplib';
import { RabbitAckBatcher } from '../../src/backends/rabbitmq/rabbitmq-ack-batcher';

type Frame = ['ack' | 'nack', number, boolean];

function fakeChannel(frames: Frame[], closed = { value: false }): Channel {
  const check = (): void => {
    if (closed.value) throw new Error('Channel closed');
  };
  return {
    ack: (message: Message, allUpTo?: boolean) => {
      check();
      frames.push(['ack', message.fields.deliveryTag, allUpTo === true]);
    },
    nack: (message: Message, allUpTo?: boolean) => {
      check();
      frames.push(['nack', message.fields.deliveryTag, allUpTo === true]);
    },
  } as unknown as Channel;
}

const message = (tag: number): Message => ({ fields: { deliveryTag: tag } }) as unknown as Message;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('RabbitAckBatcher', () => {
  it('acks a run of finished deliveries at the head with one multiple-ack at the end of the turn', async () => {
    const frames: Frame[] = [];
    const batcher = new RabbitAckBatcher(fakeChannel(frames));
    for (let tag = 1; tag <= 4; tag++) batcher.delivered(message(tag));
    batcher.ack(message(2));
    batcher.ack(message(1));
    batcher.ack(message(3));
    expect(frames).toEqual([]);
    await nextTurn();
    expect(frames).toEqual([['ack', 3, true]]);
    batcher.ack(message(4));
    await nextTurn();
    expect(frames).toEqual([
      ['ack', 3, true],
      ['ack', 4, true],
    ]);
  });

  it('acks a finished delivery behind a running one on its own, never covering the running one', async () => {
    const frames: Frame[] = [];
    const batcher = new RabbitAckBatcher(fakeChannel(frames));
    for (let tag = 1; tag <= 3; tag++) batcher.delivered(message(tag));
    batcher.ack(message(2));
    batcher.ack(message(3));
    await nextTurn();
    expect(frames).toEqual([
      ['ack', 2, false],
      ['ack', 3, false],
    ]);
    batcher.ack(message(1));
    await nextTurn();
    expect(frames).toEqual([
      ['ack', 2, false],
      ['ack', 3, false],
      ['ack', 1, true],
    ]);
  });

  it('sends pending acks before a nack, and a nacked delivery is never covered by a later multiple-ack', async () => {
    const frames: Frame[] = [];
    const batcher = new RabbitAckBatcher(fakeChannel(frames));
    for (let tag = 1; tag <= 3; tag++) batcher.delivered(message(tag));
    batcher.ack(message(1));
    batcher.nack(message(2));
    expect(frames).toEqual([
      ['ack', 1, true],
      ['nack', 2, false],
    ]);
    batcher.ack(message(3));
    await nextTurn();
    expect(frames[2]).toEqual(['ack', 3, true]);
  });

  it('flush() sends at once; a closed channel makes flush throw but the scheduled flush swallows it', async () => {
    const frames: Frame[] = [];
    const closed = { value: false };
    const batcher = new RabbitAckBatcher(fakeChannel(frames, closed));
    batcher.delivered(message(1));
    batcher.delivered(message(2));
    batcher.ack(message(1));
    batcher.flush();
    expect(frames).toEqual([['ack', 1, true]]);
    batcher.ack(message(2));
    closed.value = true;
    await nextTurn();
    expect(frames).toEqual([['ack', 1, true]]);
    batcher.ack(message(2));
    expect(() => batcher.flush()).toThrow('Channel closed');
  });
});
