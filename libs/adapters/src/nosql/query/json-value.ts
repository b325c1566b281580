import { MAX_TRANSPORTABLE_DEPTH } from '@acb/common';
import { FORBIDDEN_KEYS, isPlainObject } from './field-path';
import { NOSQL_MESSAGES } from '../nosql.messages';

export type JsonType = 'null' | 'number' | 'string' | 'boolean' | 'object' | 'array';

export interface JsonNormalizeOptions {
  /** What is being checked, for messages (`Document`, `Query on field 'a'`). */
  where: string;
  /** Documents also refuse keys with '.' or a leading '$' (they could not be queried). */
  documentKeys: boolean;
  ErrorClass: new (message: string) => Error;
}

/** Nesting deeper than this is refused with a clear error (instead of a stack overflow). */
export const MAX_JSON_DEPTH = MAX_TRANSPORTABLE_DEPTH;

/**
 * Turns a value into the JSON value every backend stores: `Date` becomes its ISO string, object properties set to
 * `undefined` are dropped. Refused (with `ErrorClass`, naming where): `undefined` elsewhere, NaN and Infinity,
 * functions, symbols, bigint, strings with NUL (PostgreSQL jsonb cannot hold them), forbidden keys, every object
 * that is neither a plain object, an array nor a Date (RegExp, Map, Set, Buffer, class instances: JSON would turn
 * them into something else, `{}` for most, which would then match `{}` documents), and nesting deeper than
 * MAX_JSON_DEPTH. The same rule on all three backends, for documents, queries and updates.
 */
export function normalizeJson(value: unknown, options: JsonNormalizeOptions, depth = 0): unknown {
  const { where, ErrorClass } = options;
  if (value === null) return null;
  switch (typeof value) {
    case 'string':
      if (value.includes('\u0000')) throw new ErrorClass(NOSQL_MESSAGES.nulCharacter(where));
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new ErrorClass(NOSQL_MESSAGES.nonFiniteNumber(where));
      return value;
    case 'boolean':
      return value;
    case 'object':
      break;
    default:
      throw new ErrorClass(NOSQL_MESSAGES.notJsonValue(where, `a ${typeof value}`));
  }
  if (depth >= MAX_JSON_DEPTH) throw new ErrorClass(NOSQL_MESSAGES.tooDeep(where, MAX_JSON_DEPTH));
  if (Array.isArray(value)) return value.map((item) => normalizeJson(item, options, depth + 1));
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new ErrorClass(`${where}: invalid Date`);
    return value.toISOString();
  }
  if (!isPlainObject(value)) throw new ErrorClass(NOSQL_MESSAGES.notJsonValue(where, `a ${describeObject(value)}`));
  const result: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    checkKey(key, options);
    const item = (value as Record<string, unknown>)[key];
    if (item === undefined) continue;
    result[key] = normalizeJson(item, options, depth + 1);
  }
  return result;
}

function describeObject(value: object): string {
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name.length > 0 ? `${name} object` : 'non-plain object';
}

function checkKey(key: string, options: JsonNormalizeOptions): void {
  const { where, ErrorClass } = options;
  if (FORBIDDEN_KEYS.has(key)) throw new ErrorClass(NOSQL_MESSAGES.forbiddenKey(where, key));
  if (key.includes('\u0000')) throw new ErrorClass(NOSQL_MESSAGES.nulCharacter(where));
  if (!options.documentKeys) return;
  if (key.length === 0) throw new ErrorClass(NOSQL_MESSAGES.invalidDocumentKey(key, 'keys cannot be empty'));
  if (key.includes('.')) {
    throw new ErrorClass(NOSQL_MESSAGES.invalidDocumentKey(key, "'.' separates nested fields in queries"));
  }
  if (key.startsWith('$')) throw new ErrorClass(NOSQL_MESSAGES.invalidDocumentKey(key, "'$' starts an operator"));
}

export function jsonType(value: unknown): JsonType {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  switch (typeof value) {
    case 'number':
      return 'number';
    case 'string':
      return 'string';
    case 'boolean':
      return 'boolean';
    default:
      return 'object';
  }
}

/**
 * Compares strings by Unicode code point, which is what PostgreSQL's `COLLATE "C"` does on UTF-8
 * (JavaScript's `<` compares UTF-16 code units, which differs above U+FFFF).
 */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const ca = a.charCodeAt(i);
    const cb = b.charCodeAt(i);
    if (ca === cb) continue;
    const pa = a.codePointAt(i) as number;
    const pb = b.codePointAt(i) as number;
    return pa < pb ? -1 : 1;
  }
  return a.length < b.length ? -1 : a.length > b.length ? 1 : 0;
}

/** JSON equality as jsonb `=` sees it: deep, object key order ignored, numbers by value. */
export function jsonEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const type = jsonType(a);
  if (type !== jsonType(b)) return false;
  if (type === 'array') {
    const left = a as unknown[];
    const right = b as unknown[];
    return left.length === right.length && left.every((item, i) => jsonEquals(item, right[i]));
  }
  if (type === 'object') {
    const left = a as Record<string, unknown>;
    const right = b as Record<string, unknown>;
    const keys = Object.keys(left);
    if (keys.length !== Object.keys(right).length) return false;
    return keys.every((key) => Object.prototype.hasOwnProperty.call(right, key) && jsonEquals(left[key], right[key]));
  }
  return false;
}

/** A deep copy of a JSON value (documents never share objects with callers). */
export function cloneJson<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => cloneJson(item)) as T;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = cloneJson((value as Record<string, unknown>)[key]);
  return copy as T;
}
