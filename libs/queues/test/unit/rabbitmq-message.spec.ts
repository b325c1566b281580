import type { MessageProperties } from 'amqplib';
import { ACB_HEADER, copyRecord, decode, encode, fromRequest, TASK_CONTENT_TYPE, toRecord } from '../../src/backends/rabbitmq/rabbitmq-message';
import { resolveMessageFormat } from '../../src/backends/rabbitmq/rabbitmq.options';
import type { EnqueueRequest } from '../../src/interfaces/task.interface';

const request: EnqueueRequest = {
  id: 't-1',
  deduplicate: false,
  name: 'send_email',
  queue: 'mail',
  payload: { to: 'a@b.c', at: { $date: '2026-01-01T00:00:00.000Z' }, n: [1, 2] },
  priority: 7,
  delayMs: 1500,
  maxRetries: 2,
  backoff: { type: 'fixed', delayMs: 10, maxDelayMs: 100, multiplier: 3, jitter: 0 },
  timeoutMs: 300,
};

/** What amqplib hands a consumer: the properties as published. */
const delivered = (message: ReturnType<typeof encode>) => ({
  content: message.content,
  properties: message.options as unknown as MessageProperties,
});

describe('RabbitMQ wire format', () => {
  it('writes one JSON body (metadata + payload) marked by its content type, with no headers', () => {
    const task = { ...fromRequest(request, 10_000), attempts: 2, error: 'Error: boom' };
    const message = encode(task);
    expect(message.options).toEqual({
      messageId: 't-1',
      type: 'send_email',
      priority: 7,
      persistent: true,
      contentType: TASK_CONTENT_TYPE,
    });
    expect(JSON.parse(message.content.toString('utf8'))).toEqual({
      attempts: 2,
      maxRetries: 2,
      backoff: request.backoff,
      timeoutMs: 300,
      createdAt: 10_000,
      dueAt: 11_500,
      payload: request.payload,
      error: 'Error: boom',
    });
    expect(decode(delivered(message), 'mail')).toEqual(task);
  });

  it('leaves fields at their default out of the body and restores them when reading', () => {
    const task = fromRequest({ ...request, delayMs: 0, timeoutMs: 0 }, 10_000);
    const message = encode(task);
    expect(Object.keys(JSON.parse(message.content.toString('utf8')))).toEqual(['maxRetries', 'backoff', 'createdAt', 'payload']);
    expect(decode(delivered(message), 'mail')).toEqual(task);
  });

  it('reads a message of the earlier format (payload body + x-acb header): a message queued before an upgrade runs on', () => {
    const header = {
      attempts: 1,
      maxRetries: 4,
      backoff: { type: 'exponential', delayMs: 500, maxDelayMs: 9000, jitter: 0.5 },
      timeoutMs: 0,
      createdAt: 5000,
      dueAt: 6000,
      queue: 'mail',
      error: 'Error: first',
    };
    const properties = {
      messageId: 'old-1',
      type: 'send_email',
      priority: 5,
      contentType: 'application/json',
      // amqplib delivers a header's string value as a Buffer (longstr)
      headers: { [ACB_HEADER]: Buffer.from(JSON.stringify(header)) },
    } as unknown as MessageProperties;
    const task = decode({ content: Buffer.from(JSON.stringify({ to: 'x@y.z' })), properties }, 'mail');
    expect(task).toEqual({
      id: 'old-1',
      name: 'send_email',
      queue: 'mail',
      payload: { to: 'x@y.z' },
      priority: 5,
      attempts: 1,
      maxRetries: 4,
      // stored without a multiplier: doubles (the default), as before
      backoff: { type: 'exponential', delayMs: 500, maxDelayMs: 9000, multiplier: 2, jitter: 0.5 },
      timeoutMs: 0,
      createdAt: 5000,
      dueAt: 6000,
      error: 'Error: first',
    });
  });

  it("writes the earlier format with messageFormat 'header' (for workers of an earlier version), and reads it back", () => {
    const task = fromRequest(request, 10_000);
    const message = encode(task, 'header');
    expect(message.options.contentType).toBe('application/json');
    expect(JSON.parse(message.content.toString('utf8'))).toEqual(request.payload);
    expect(JSON.parse(String(message.options.headers?.[ACB_HEADER]))).toMatchObject({ attempts: 0, maxRetries: 2, dueAt: 11_500 });
    expect(decode(delivered(message), 'mail')).toEqual(task);
  });

  it('reads foreign messages with defaults, the body as the payload', () => {
    const text = decode({ content: Buffer.from('plain text'), properties: { messageId: 'x', type: 'legacy', headers: {} } as never }, 'mail');
    expect(text).toMatchObject({ id: 'x', name: 'legacy', queue: 'mail', payload: 'plain text', attempts: 0, maxRetries: 0 });
    // our content type with a body that is not an envelope: read as a foreign message, not dropped
    const broken = decode({ content: Buffer.from('[1,2]'), properties: { messageId: 'y', type: 't', contentType: TASK_CONTENT_TYPE } as never }, 'mail');
    expect(broken).toMatchObject({ id: 'y', payload: [1, 2], attempts: 0 });
  });

  it('accepts messageFormat body or header only', () => {
    expect(resolveMessageFormat(undefined)).toBe('body');
    expect(resolveMessageFormat({ messageFormat: 'header' })).toBe('header');
    expect(() => resolveMessageFormat({ messageFormat: 'json' })).toThrow(/backendOptions\.messageFormat/);
  });
});

describe('copyRecord', () => {
  it('copies a record deeply (JSON values, retry policy), keeping "__proto__" as a plain key', () => {
    const payload = JSON.parse('{"a":{"b":[1,{"c":2}]},"__proto__":{"polluted":true}}');
    const record = { ...toRecord(fromRequest({ ...request, payload }, 1000), 'active'), progress: { pct: 5 }, result: [1] };
    const copy = copyRecord(record);
    expect(copy).toEqual(record);
    expect(copy.payload).not.toBe(record.payload);
    expect((copy.payload as { a: { b: unknown[] } }).a.b[1]).not.toBe((record.payload as { a: { b: unknown[] } }).a.b[1]);
    expect(copy.backoff).not.toBe(record.backoff);
    expect(copy.progress).not.toBe(record.progress);
    expect(Object.getPrototypeOf(copy.payload)).toBe(Object.prototype);
    expect(Object.keys(copy.payload as object)).toEqual(['a', '__proto__']);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
  });
});
