import { encodeTransportable, findTransportProblem } from '@acb/common';
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
 * Checks `payload` against the serialization contract of @acb/common (the rule of the cache and of events) and
 * returns its transport form (`undefined` becomes null): JSON values, and Dates carried with a tagged encoding
 * that the worker turns back into Dates before the handler runs. Anything JSON would silently drop or alter
 * (functions, symbols, undefined in arrays, NaN/Infinity, BigInt, Maps/Sets, Buffers, class instances, cycles,
 * nesting deeper than MAX_TRANSPORTABLE_DEPTH) is an InvalidPayloadError naming the path.
 */
export function toJsonPayload(task: string, payload: unknown): JsonValue {
  if (payload === undefined) return null;
  const problem = findTransportProblem(payload);
  if (problem) throw new InvalidPayloadError(task, `${problem.path} ${problem.reason}`);
  return encodeTransportable(payload) as JsonValue;
}
