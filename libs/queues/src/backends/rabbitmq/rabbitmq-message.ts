import type { MessageProperties, Options } from 'amqplib';
import { DEFAULT_BACKOFF, type BackoffOptions } from '@acb/common';
import type { EnqueueRequest, JsonValue, TaskRecord } from '../../interfaces/task.interface';

/**
 * The wire format. A message's body is ONE JSON envelope holding the task's metadata (attempts, retry policy, due
 * time, last error: what a worker in any process needs to rebuild the record) and its payload, marked by the content
 * type `TASK_CONTENT_TYPE`; the properties carry `messageId` (task id), `type` (task name), `priority` and
 * `persistent`, and no headers. Why the body: an AMQP header table is encoded field by field by amqplib on every
 * publish and decoded on every delivery (by amqplib and the broker), and measured ~10 µs more client CPU and a
 * quarter less throughput per message than the same metadata in the body (docs/redis-rabbitmq.md).
 *
 * The format before (`'header'`): the body was the payload alone and the metadata one JSON header `x-acb`. Every
 * version reads both, so messages already in a queue across an upgrade run normally; `backendOptions.messageFormat:
 * 'header'` keeps WRITING it while workers of an earlier version (which read only that) still consume.
 */
export const TASK_CONTENT_TYPE = 'application/vnd.acb.task+json';

/** The header of the earlier format (`messageFormat: 'header'`). */
export const ACB_HEADER = 'x-acb';

/** How messages are written; both are read. */
export type RabbitMessageFormat = 'body' | 'header';

interface AcbHeader {
  attempts: number;
  maxRetries: number;
  backoff: Required<BackoffOptions>;
  timeoutMs: number;
  createdAt: number;
  dueAt: number;
  queue: string;
  error?: string;
  deadAt?: number;
}

/**
 * The body of a message in the `'body'` format: the header's fields, then the payload. Fields at their default are
 * left out (attempts 0, timeoutMs 0, dueAt = createdAt; the queue is the one the message is read from).
 */
interface AcbEnvelope extends Omit<AcbHeader, 'queue' | 'attempts' | 'timeoutMs' | 'dueAt'> {
  attempts?: number;
  timeoutMs?: number;
  dueAt?: number;
  queue?: string;
  payload: JsonValue;
}

/** A task as it travels: the record fields the message carries. */
export interface TaskMessage {
  id: string;
  name: string;
  queue: string;
  payload: JsonValue;
  priority: number;
  /** Attempts already counted (finished or failed), not counting one about to start. */
  attempts: number;
  maxRetries: number;
  backoff: Required<BackoffOptions>;
  timeoutMs: number;
  createdAt: number;
  dueAt: number;
  error?: string;
  deadAt?: number;
}

export function fromRequest(request: EnqueueRequest, now: number): TaskMessage {
  return {
    id: request.id,
    name: request.name,
    queue: request.queue,
    payload: request.payload,
    priority: request.priority,
    attempts: 0,
    maxRetries: request.maxRetries,
    // NOTE: shared, not copied: nothing writes to a retry policy (the default one is a frozen object shared by every
    // request); `copyRecord` gives a handler its own.
    backoff: request.backoff,
    timeoutMs: request.timeoutMs,
    createdAt: now,
    dueAt: now + Math.max(0, request.delayMs),
  };
}

/** Body and properties of a message (persistent: it survives a broker restart), in `format`. */
export function encode(task: TaskMessage, format: RabbitMessageFormat = 'body'): { content: Buffer; options: Options.Publish } {
  if (format === 'header') return encodeHeader(task);
  // NOTE: fewer bytes to encode, send, store and parse per message; the defaults are restored by `decode`.
  const envelope: AcbEnvelope = { maxRetries: task.maxRetries, backoff: task.backoff, createdAt: task.createdAt, payload: task.payload };
  if (task.attempts !== 0) envelope.attempts = task.attempts;
  if (task.timeoutMs !== 0) envelope.timeoutMs = task.timeoutMs;
  if (task.dueAt !== task.createdAt) envelope.dueAt = task.dueAt;
  if (task.error !== undefined) envelope.error = task.error;
  if (task.deadAt !== undefined) envelope.deadAt = task.deadAt;
  return {
    content: Buffer.from(JSON.stringify(envelope)),
    options: { messageId: task.id, type: task.name, priority: task.priority, persistent: true, contentType: TASK_CONTENT_TYPE },
  };
}

function encodeHeader(task: TaskMessage): { content: Buffer; options: Options.Publish } {
  const header: AcbHeader = {
    attempts: task.attempts,
    maxRetries: task.maxRetries,
    backoff: task.backoff,
    timeoutMs: task.timeoutMs,
    createdAt: task.createdAt,
    dueAt: task.dueAt,
    queue: task.queue,
  };
  if (task.error !== undefined) header.error = task.error;
  if (task.deadAt !== undefined) header.deadAt = task.deadAt;
  return {
    content: Buffer.from(JSON.stringify(task.payload)),
    options: {
      messageId: task.id,
      type: task.name,
      priority: task.priority,
      persistent: true,
      contentType: 'application/json',
      headers: { [ACB_HEADER]: JSON.stringify(header) },
    },
  };
}

/**
 * The task a delivered message carries, in either format; a foreign message (neither an envelope nor our header) is
 * read with defaults, its body as the payload.
 */
export function decode(message: { content: Buffer; properties: MessageProperties }, queue: string): TaskMessage {
  const { properties } = message;
  let meta: Partial<AcbHeader> | undefined;
  let payload: JsonValue | undefined;
  if (properties.contentType === TASK_CONTENT_TYPE) {
    const envelope = parseJson(message.content);
    if (envelope !== undefined && typeof envelope === 'object' && envelope !== null && !Array.isArray(envelope)) {
      meta = envelope as Partial<AcbEnvelope>;
      payload = (envelope as Partial<AcbEnvelope>).payload ?? null;
    }
  }
  if (meta === undefined) {
    meta = readHeader(properties);
    payload = parseJson(message.content) ?? message.content.toString('utf8');
  }
  const createdAt = meta.createdAt ?? (Number(properties.timestamp ?? 0) * 1000 || Date.now());
  const backoff = meta.backoff;
  const task: TaskMessage = {
    id: String(properties.messageId ?? ''),
    name: String(properties.type ?? ''),
    queue: meta.queue ?? queue,
    payload: payload as JsonValue,
    priority: Number(properties.priority ?? 0),
    attempts: meta.attempts ?? 0,
    maxRetries: meta.maxRetries ?? 0,
    // NOTE: a complete policy (what we write) is used as is; one missing keys (older messages) gets the defaults.
    backoff: isCompleteBackoff(backoff) ? backoff : { ...DEFAULT_BACKOFF, ...(backoff as Partial<BackoffOptions> | undefined) },
    timeoutMs: meta.timeoutMs ?? 0,
    createdAt,
    dueAt: meta.dueAt ?? createdAt,
  };
  if (meta.error !== undefined) task.error = meta.error;
  if (meta.deadAt !== undefined) task.deadAt = meta.deadAt;
  return task;
}

function readHeader(properties: MessageProperties): Partial<AcbHeader> {
  const raw = (properties.headers as Record<string, unknown> | undefined)?.[ACB_HEADER];
  if (typeof raw !== 'string' && !Buffer.isBuffer(raw)) return {};
  const header = parseJson(Buffer.isBuffer(raw) ? raw : Buffer.from(raw));
  return header !== null && typeof header === 'object' && !Array.isArray(header) ? (header as Partial<AcbHeader>) : {};
}

/** The JSON in `content`, or undefined when it is not JSON. */
function parseJson(content: Buffer): JsonValue | undefined {
  try {
    return JSON.parse(content.toString('utf8')) as JsonValue;
  } catch {
    return undefined;
  }
}

function isCompleteBackoff(backoff: Partial<BackoffOptions> | undefined): backoff is Required<BackoffOptions> {
  return (
    backoff !== undefined &&
    backoff.type !== undefined &&
    backoff.delayMs !== undefined &&
    backoff.maxDelayMs !== undefined &&
    backoff.multiplier !== undefined &&
    backoff.jitter !== undefined
  );
}

/** The record of a travelling task in `status`. */
export function toRecord(task: TaskMessage, status: TaskRecord['status']): TaskRecord {
  const record: TaskRecord = {
    id: task.id,
    name: task.name,
    queue: task.queue,
    payload: task.payload,
    priority: task.priority,
    status,
    attempts: task.attempts,
    maxRetries: task.maxRetries,
    backoff: task.backoff,
    timeoutMs: task.timeoutMs,
    createdAt: task.createdAt,
    runAt: task.dueAt,
  };
  if (task.error !== undefined) record.error = task.error;
  if (status === 'dead' && task.deadAt !== undefined) record.finishedAt = task.deadAt;
  return record;
}

/**
 * A copy of a record a handler may change freely (the stored one stays as it is): the record's fields, its retry
 * policy, and a deep copy of its JSON values. NOTE: several times cheaper than `structuredClone`, which went
 * through V8's serializer for every task (measured ~4 µs per task).
 */
export function copyRecord(record: TaskRecord): TaskRecord {
  const copy: TaskRecord = { ...record, backoff: { ...record.backoff }, payload: copyJson(record.payload) };
  if (record.result !== undefined) copy.result = copyJson(record.result);
  if (record.progress !== undefined) copy.progress = copyJson(record.progress);
  return copy;
}

function copyJson(value: JsonValue): JsonValue {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyJson);
  const copy: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(value)) {
    // NOTE: JSON.parse makes "__proto__" an own key; a plain assignment would set the copy's prototype instead.
    if (key === '__proto__') Object.defineProperty(copy, key, { value: copyJson(value[key]), enumerable: true, writable: true, configurable: true });
    else copy[key] = copyJson(value[key]);
  }
  return copy;
}
