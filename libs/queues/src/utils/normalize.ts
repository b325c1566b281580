import { InvalidPayloadError } from '../errors/invalid-payload.error';
import { InvalidTaskOptionError } from '../errors/invalid-task-option.error';
import type { JsonValue, TaskPriorityName } from '../interfaces/task.interface';
import { MAX_TASK_PRIORITY, TASK_PRIORITY } from '../queues.constants';

/** A named or numeric priority as the integer 0..MAX_TASK_PRIORITY a backend stores. */
export function normalizePriority(task: string, priority: TaskPriorityName | number | undefined): number {
  if (priority === undefined) return TASK_PRIORITY.normal;
  if (typeof priority === 'string') {
    const value = TASK_PRIORITY[priority as TaskPriorityName];
    if (value === undefined) {
      throw new InvalidTaskOptionError(task, 'priority', `"${priority}" is not one of ${Object.keys(TASK_PRIORITY).join(', ')}`);
    }
    return value;
  }
  if (!Number.isInteger(priority) || priority < 0 || priority > MAX_TASK_PRIORITY) {
    throw new InvalidTaskOptionError(task, 'priority', `${priority} is not an integer from 0 to ${MAX_TASK_PRIORITY}`);
  }
  return priority;
}

/** Checks a non-negative integer option (maxRetries) or non-negative number (delays, timeouts). */
export function checkNonNegative(task: string, option: string, value: number | undefined, integer = false): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new InvalidTaskOptionError(task, option, `${String(value)} is not a non-negative ${integer ? 'integer' : 'number'}`);
  }
}

/**
 * Proves that `payload` survives JSON unchanged and returns it as a JsonValue (`undefined` becomes null).
 * Rejects what JSON.stringify would silently drop or alter: functions, symbols, undefined inside objects/arrays,
 * NaN/Infinity, BigInt, Dates and other class instances, Maps/Sets, cycles.
 */
export function toJsonPayload(task: string, payload: unknown): JsonValue {
  if (payload === undefined) return null;
  // NOTE: a fast pass without paths or a visited set; only when it objects (or the payload is very deep) does the
  // slow pass run, which names the path, or accepts a deep but finite payload.
  if (!isPlainJson(payload, 0)) explain(task, payload, '$', new Set());
  return payload as JsonValue;
}

const FAST_DEPTH = 64;

function isPlainJson(value: unknown, depth: number): boolean {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object': {
      if (value === null) return true;
      if (depth > FAST_DEPTH) return false;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) if (!isPlainJson(value[i], depth + 1)) return false;
        return true;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) return false;
      for (const key in value) {
        if (!isPlainJson((value as Record<string, unknown>)[key], depth + 1)) return false;
      }
      return true;
    }
    default:
      return false;
  }
}

/** The slow pass: throws an InvalidPayloadError naming the first offending path; returns when the payload is fine. */
function explain(task: string, value: unknown, path: string, seen: Set<object>): void {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new InvalidPayloadError(task, `${path} is ${value}`);
      return;
    case 'object': {
      if (value === null) return;
      if (seen.has(value)) throw new InvalidPayloadError(task, `${path} is a circular reference`);
      if (Array.isArray(value)) {
        seen.add(value);
        value.forEach((item, index) => {
          if (item === undefined) throw new InvalidPayloadError(task, `${path}[${index}] is undefined`);
          explain(task, item, `${path}[${index}]`, seen);
        });
        seen.delete(value);
        return;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        const kind = (value as object).constructor?.name ?? 'an object with a prototype';
        throw new InvalidPayloadError(task, `${path} is a ${kind}, not a plain object`);
      }
      seen.add(value);
      for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
        if (item === undefined) throw new InvalidPayloadError(task, `${path}.${key} is undefined`);
        explain(task, item, `${path}.${key}`, seen);
      }
      seen.delete(value);
      return;
    }
    default:
      throw new InvalidPayloadError(task, `${path} is a ${typeof value}`);
  }
}
