import type { MessageProperties, Options } from 'amqplib';
import type { BackoffOptions, EnqueueRequest, JsonValue, TaskRecord } from '../../interfaces/task.interface';
import { DEFAULT_BACKOFF } from '../../utils/backoff';

/** Header names: everything a worker in any process needs to rebuild the task's record travels with the message. */
export const HEADER = {
  attempts: 'x-acb-attempts',
  maxRetries: 'x-acb-max-retries',
  backoff: 'x-acb-backoff',
  timeoutMs: 'x-acb-timeout-ms',
  createdAt: 'x-acb-created-at',
  dueAt: 'x-acb-due-at',
  error: 'x-acb-error',
  queue: 'x-acb-queue',
  deadAt: 'x-acb-dead-at',
} as const;

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
  const headers: Record<string, unknown> = {
    [HEADER.attempts]: task.attempts,
    [HEADER.maxRetries]: task.maxRetries,
    [HEADER.backoff]: JSON.stringify(task.backoff),
    [HEADER.timeoutMs]: task.timeoutMs,
    [HEADER.createdAt]: task.createdAt,
    [HEADER.dueAt]: task.dueAt,
    [HEADER.queue]: task.queue,
  };
  if (task.error !== undefined) headers[HEADER.error] = task.error;
  if (task.deadAt !== undefined) headers[HEADER.deadAt] = task.deadAt;
  return {
    content: Buffer.from(JSON.stringify(task.payload)),
    options: {
      messageId: task.id,
      type: task.name,
      priority: task.priority,
      persistent: true,
      contentType: 'application/json',
      timestamp: Math.floor(task.createdAt / 1000),
      headers,
    },
  };
}

/** The task a delivered message carries. */
export function decode(message: { content: Buffer; properties: MessageProperties }, queue: string): TaskMessage {
  const { properties } = message;
  const headers = (properties.headers ?? {}) as Record<string, unknown>;
  const number = (key: string, fallback: number): number => {
    const value = Number(headers[key]);
    return Number.isFinite(value) ? value : fallback;
  };
  let backoff: Required<BackoffOptions> = { ...DEFAULT_BACKOFF };
  if (typeof headers[HEADER.backoff] === 'string') {
    try {
      backoff = { ...backoff, ...(JSON.parse(headers[HEADER.backoff] as string) as BackoffOptions) };
    } catch {
      // keep the default backoff for a foreign message
    }
  }
  let payload: JsonValue;
  try {
    payload = JSON.parse(message.content.toString('utf8')) as JsonValue;
  } catch {
    payload = message.content.toString('utf8');
  }
  const createdAt = number(HEADER.createdAt, Number(properties.timestamp ?? 0) * 1000 || Date.now());
  const task: TaskMessage = {
    id: String(properties.messageId ?? ''),
    name: String(properties.type ?? ''),
    queue: typeof headers[HEADER.queue] === 'string' ? (headers[HEADER.queue] as string) : queue,
    payload,
    priority: Number(properties.priority ?? 0),
    attempts: number(HEADER.attempts, 0),
    maxRetries: number(HEADER.maxRetries, 0),
    backoff,
    timeoutMs: number(HEADER.timeoutMs, 0),
    createdAt,
    dueAt: number(HEADER.dueAt, createdAt),
  };
  if (typeof headers[HEADER.error] === 'string') task.error = headers[HEADER.error] as string;
  if (headers[HEADER.deadAt] !== undefined) task.deadAt = number(HEADER.deadAt, Date.now());
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
