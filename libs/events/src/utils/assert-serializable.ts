import { EventPayloadNotSerializableError } from '../errors/event-payload-not-serializable.error';

/**
 * Throws `EventPayloadNotSerializableError` (with the offending path) unless `value` survives a JSON round trip
 * with its meaning: functions, symbols, bigints, `undefined` array items, non-finite numbers, cycles and class
 * instances other than Date (Map, Set, ...) are rejected. Object properties that are `undefined` are dropped by JSON
 * as they would be by a reader, so they are allowed.
 */
export function assertSerializable(eventName: string, value: unknown, label = 'payload'): void {
  walk(eventName, label, value, '', new Set<object>());
}

function walk(eventName: string, label: string, value: unknown, path: string, seen: Set<object>): void {
  const fail = (reason: string): never => {
    throw new EventPayloadNotSerializableError(eventName, path, reason, label);
  };
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return;
    case 'number':
      if (!Number.isFinite(value)) fail(`is ${value} (not a finite number)`);
      return;
    case 'undefined':
      if (path === '') return;
      fail('is undefined');
      return;
    case 'function':
    case 'symbol':
    case 'bigint':
      fail(`is a ${typeof value}`);
      return;
  }
  if (value === null || value instanceof Date) return;
  const object = value as object;
  if (seen.has(object)) fail('is a circular reference');
  seen.add(object);
  if (Array.isArray(object)) {
    object.forEach((item, index) => walk(eventName, label, item, `${path}[${index}]`, seen));
  } else {
    const prototype = Object.getPrototypeOf(object);
    if (prototype !== Object.prototype && prototype !== null) {
      fail(`is a ${object.constructor?.name ?? 'class'} instance`);
    }
    for (const [key, item] of Object.entries(object)) {
      if (item === undefined) continue;
      walk(eventName, label, item, `${path}.${key}`, seen);
    }
  }
  seen.delete(object);
}
