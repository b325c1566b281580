import type { MessageProperties, Options } from 'amqplib';
import { DEFAULT_BACKOFF, type BackoffOptions } from '@acb/common';
import type { EnqueueRequest, JsonValue, TaskRecord } from '../../interfaces/task.interface';

/**
 * The one header carrying what a worker in any process needs to rebuild the task's record (attempts, retry policy,
 * due time, last error) as JSON. One header instead of one per field: AMQP field tables are costly to encode and
 * decode in amqplib, and this keeps publishing close to a bare message (measured, see docs/redis-rabbitmq.md).
 */
export const ACB_HEADER = 'x-acb';

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
    backoff: { ...request.backoff },
    timeoutMs: request.timeoutMs,
    createdAt: now,
    dueAt: now + Math.max(0, request.delayMs),
  };
}

/** Body (the JSON payload) and properties of a message. Persistent: it survives a broker restart. */
export function encode(task: TaskMessage): { content: Buffer; options: Options.Publish } {
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

/** The task a delivered message carries (a foreign message without our header gets defaults). */
export function decode(message: { content: Buffer; properties: MessageProperties }, queue: string): TaskMessage {
  const { properties } = message;
  const raw = (properties.headers as Record<string, unknown> | undefined)?.[ACB_HEADER];
  let header: Partial<AcbHeader> = {};
  if (typeof raw === 'string' || Buffer.isBuffer(raw)) {
    try {
      header = JSON.parse(raw.toString()) as Partial<AcbHeader>;
    } catch {
      header = {};
    }
  }
  let payload: JsonValue;
  try {
    payload = JSON.parse(message.content.toString('utf8')) as JsonValue;
  } catch {
    payload = message.content.toString('utf8');
  }
  const createdAt = header.createdAt ?? (Number(properties.timestamp ?? 0) * 1000 || Date.now());
  const task: TaskMessage = {
    id: String(properties.messageId ?? ''),
    name: String(properties.type ?? ''),
    queue: header.queue ?? queue,
    payload,
    priority: Number(properties.priority ?? 0),
    attempts: header.attempts ?? 0,
    maxRetries: header.maxRetries ?? 0,
    backoff: { ...DEFAULT_BACKOFF, ...header.backoff },
    timeoutMs: header.timeoutMs ?? 0,
    createdAt,
    dueAt: header.dueAt ?? createdAt,
  };
  if (header.error !== undefined) task.error = header.error;
  if (header.deadAt !== undefined) task.deadAt = header.deadAt;
  return task;
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
    backoff: { ...task.backoff },
    timeoutMs: task.timeoutMs,
    createdAt: task.createdAt,
    runAt: task.dueAt,
  };
  if (task.error !== undefined) record.error = task.error;
  if (status === 'dead' && task.deadAt !== undefined) record.finishedAt = task.deadAt;
  return record;
}
