import { NoSqlUpdateError } from '../errors/nosql-update.error';
import { NOSQL_MESSAGES } from '../nosql.messages';
import { arrayIndex, isPlainObject } from './field-path';
import { type StoredDocument, checkStored } from './document.validator';
import { cloneJson, jsonType } from './json-value';
import type { UpdateOperation } from './update.parser';

type Container = Record<string, unknown> | unknown[];

/**
 * Applies checked operations to a copy of `doc` and returns it (the original is untouched).
 * - `$set` creates missing intermediate objects; it refuses to go through a scalar or null.
 *   Through an array the segment must be an index; an index past the end pads with null.
 * - `$inc` treats a missing field as 0 and refuses a field that is not a number.
 * - `$unset` removes the field (an array element becomes null, as in MongoDB); a missing path is a no-op.
 */
export function applyUpdate(doc: StoredDocument, operations: readonly UpdateOperation[]): StoredDocument {
  const copy = cloneJson(doc);
  for (const operation of operations) {
    if (operation.kind === '$unset') unsetPath(copy, operation.segments);
    else setPath(copy, operation);
  }
  return checkStored(copy);
}

function setPath(doc: StoredDocument, operation: Exclude<UpdateOperation, { kind: '$unset' }>): void {
  const { segments, path } = operation;
  let container: Container = doc;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i];
    const next = getChild(container, segment, path);
    if (next === undefined) {
      const created = {};
      putChild(container, segment, created, path);
      container = created;
    } else if (Array.isArray(next) || isPlainObject(next)) {
      container = next;
    } else {
      throw new NoSqlUpdateError(NOSQL_MESSAGES.updateThroughScalar(path, segment));
    }
  }
  const last = segments[segments.length - 1];
  if (operation.kind === '$set') {
    putChild(container, last, cloneJson(operation.value), path);
    return;
  }
  const current = getChild(container, last, path);
  if (current !== undefined && typeof current !== 'number') {
    throw new NoSqlUpdateError(NOSQL_MESSAGES.incTarget(path, jsonType(current)));
  }
  putChild(container, last, (current ?? 0) + operation.value, path);
}

function getChild(container: Container, segment: string, path: string): unknown {
  if (Array.isArray(container)) {
    const index = writableIndex(segment, path);
    return index < container.length ? container[index] : undefined;
  }
  return Object.prototype.hasOwnProperty.call(container, segment) ? container[segment] : undefined;
}

function putChild(container: Container, segment: string, value: unknown, path: string): void {
  if (Array.isArray(container)) {
    const index = writableIndex(segment, path);
    while (container.length < index) container.push(null);
    container[index] = value;
    return;
  }
  container[segment] = value;
}

function writableIndex(segment: string, path: string): number {
  if (!/^\d+$/.test(segment) || !Number.isSafeInteger(Number(segment))) {
    throw new NoSqlUpdateError(NOSQL_MESSAGES.updateArrayIndex(path, segment));
  }
  return Number(segment);
}

function unsetPath(doc: StoredDocument, segments: readonly string[]): void {
  let container: unknown = doc;
  for (let i = 0; i < segments.length - 1; i++) {
    const segment = segments[i];
    if (Array.isArray(container)) {
      const index = arrayIndex(segment, container.length);
      if (index === undefined) return;
      container = container[index];
    } else if (isPlainObject(container) && Object.prototype.hasOwnProperty.call(container, segments[i])) {
      container = container[segment];
    } else {
      return;
    }
  }
  const last = segments[segments.length - 1];
  if (Array.isArray(container)) {
    const index = arrayIndex(last, container.length);
    if (index !== undefined) container[index] = null;
  } else if (isPlainObject(container)) {
    delete container[last];
  }
}
