import { findTransportProblem } from '@acb/common';
import { EventPayloadNotSerializableError } from '../errors/event-payload-not-serializable.error';

/**
 * Throws `EventPayloadNotSerializableError` (with the offending path) unless `value` keeps the serialization
 * contract of @acb/common, the rule of queue payloads and of the cache: JSON values and Dates (carried as Dates);
 * object properties that are `undefined` are left out. Functions, symbols, bigints, `undefined` array items,
 * non-finite numbers, cycles, over-deep nesting and class instances other than Date (Map, Set, Buffer, ...) are
 * refused. An `undefined` payload is allowed (nothing to carry).
 */
export function assertSerializable(eventName: string, value: unknown, label = 'payload'): void {
  if (value === undefined) return;
  const problem = findTransportProblem(value, '');
  if (problem) throw new EventPayloadNotSerializableError(eventName, problem.path, problem.reason, label);
}
