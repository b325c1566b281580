import { FORBIDDEN_KEYS } from '../config.constants';
import { ForbiddenConfigKeyError } from '../errors/forbidden-config-key.error';
import { Secret } from '../secret';

/** A settings tree node: plain objects and arrays of scalars, Secrets or further nodes. */
export type PlainObject = Record<string, unknown>;

/** True for `{}`-like objects (not arrays, Secrets, Dates, Buffers, class instances). */
export function isPlainObject(value: unknown): value is PlainObject {
  if (value === null || typeof value !== 'object') return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** A short description of a value's type for error messages. */
export function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (value instanceof Secret) return 'a secret';
  return `a ${typeof value}`;
}

/** Joins key path segments: `app` + `port` -> `app.port`. */
export function joinPath(prefix: string, key: string): string {
  return prefix.length === 0 ? key : `${prefix}.${key}`;
}

/**
 * Throws ForbiddenConfigKeyError when a key anywhere in the tree is `__proto__`, `constructor` or
 * `prototype`. Checked on own keys before any merge, so such a key never reaches an assignment.
 */
export function assertSafeKeys(value: unknown, source: string, keyPath: string): void {
  if (Array.isArray(value)) {
    value.forEach((item, index) => assertSafeKeys(item, source, joinPath(keyPath, String(index))));
    return;
  }
  if (!isPlainObject(value)) return;
  for (const key of Object.keys(value)) {
    const path = joinPath(keyPath, key);
    if (FORBIDDEN_KEYS.has(key)) throw new ForbiddenConfigKeyError(key, source, path);
    assertSafeKeys(value[key], source, path);
  }
}

/**
 * Merges `source` into `target` (mutating it): objects merge key by key, anything else (lists, scalars,
 * Secrets) replaces. `record(path)` is told every key path written, for error attribution.
 * Callers check keys with assertSafeKeys first; the property writes use defineProperty so that even an
 * unchecked `__proto__` could only ever become an own property.
 */
export function deepMerge(target: PlainObject, source: PlainObject, keyPath: string, record: (path: string) => void): void {
  for (const key of Object.keys(source)) {
    const path = joinPath(keyPath, key);
    const incoming = source[key];
    const existing = Object.prototype.hasOwnProperty.call(target, key) ? target[key] : undefined;
    record(path);
    if (isPlainObject(incoming) && isPlainObject(existing)) {
      deepMerge(existing, incoming, path, record);
    } else {
      defineValue(target, key, cloneTree(incoming));
    }
  }
}

/** A deep copy of plain objects and arrays; Secrets and other objects are shared (they are immutable). */
export function cloneTree<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => cloneTree(item)) as T;
  if (isPlainObject(value)) {
    const copy: PlainObject = {};
    for (const key of Object.keys(value)) defineValue(copy, key, cloneTree(value[key]));
    return copy as T;
  }
  return value;
}

/** Writes an own, enumerable, writable property (never a prototype, whatever the key). */
export function defineValue(target: PlainObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** Reads a dotted path; undefined when any segment is missing. */
export function getPath(root: unknown, segments: readonly string[]): unknown {
  let node: unknown = root;
  for (const segment of segments) {
    if (node === null || typeof node !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(node, segment)) return undefined;
    node = (node as PlainObject)[segment];
  }
  return node;
}

/** Structural equality of settings trees; Secrets compare by value. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Secret || b instanceof Secret) return a instanceof Secret && a.equals(b);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => deepEqual(item, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => Object.prototype.hasOwnProperty.call(b, key) && deepEqual(a[key], b[key]));
  }
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Buffer.isBuffer(a) && Buffer.isBuffer(b)) return a.equals(b);
  return Number.isNaN(a) && Number.isNaN(b);
}
