import { NoSqlQueryError } from '../errors/nosql-query.error';
import { NOSQL_MESSAGES } from '../nosql.messages';

/** Keys that could reach an object's prototype: refused in queries, updates and documents. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A dotted field path (`address.city`) split into its segments, checked once. */
export interface FieldPath {
  path: string;
  segments: string[];
}

/**
 * Splits and checks a dotted path. Empty segments, `$`-prefixed segments and prototype keys are refused.
 * @param ErrorClass the error to throw (queries and updates use their own)
 */
export function parseFieldPath(
  path: string,
  ErrorClass: new (message: string) => Error = NoSqlQueryError,
): FieldPath {
  if (typeof path !== 'string' || path.length === 0) {
    throw new ErrorClass(NOSQL_MESSAGES.invalidFieldPath(String(path), 'it is empty'));
  }
  const segments = path.split('.');
  for (const segment of segments) {
    if (segment.length === 0) {
      throw new ErrorClass(NOSQL_MESSAGES.invalidFieldPath(path, 'it has an empty segment'));
    }
    if (FORBIDDEN_KEYS.has(segment)) {
      throw new ErrorClass(NOSQL_MESSAGES.forbiddenKey(`Field path '${path}'`, segment));
    }
    if (segment.startsWith('$')) {
      throw new ErrorClass(NOSQL_MESSAGES.invalidFieldPath(path, `segment '${segment}' starts with '$'`));
    }
    if (segment.includes('\u0000')) {
      throw new ErrorClass(NOSQL_MESSAGES.nulCharacter(`Field path '${path}'`));
    }
  }
  return { path, segments };
}

/**
 * An array index as PostgreSQL's `#>` reads it (an integer; negative counts from the end), or `undefined` when the
 * segment cannot index an array. Memory and Redis use this too, so nested paths through arrays agree everywhere.
 */
export function arrayIndex(segment: string, length: number): number | undefined {
  if (!/^\s*[+-]?\d+$/.test(segment)) return undefined;
  const index = Number.parseInt(segment, 10);
  if (!Number.isSafeInteger(index)) return undefined;
  const resolved = index < 0 ? length + index : index;
  return resolved >= 0 && resolved < length ? resolved : undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  // NOTE: compared structurally, not with `=== Object.prototype`: objects from another realm (vm, jest) count too.
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

/** The value at `segments` in `doc`: `found` is false when any step is missing or not a container. */
export function readPath(doc: unknown, segments: readonly string[]): { found: boolean; value: unknown } {
  let current: unknown = doc;
  for (const segment of segments) {
    if (Array.isArray(current)) {
      const index = arrayIndex(segment, current.length);
      if (index === undefined) return { found: false, value: undefined };
      current = current[index];
    } else if (isPlainObject(current)) {
      if (!Object.prototype.hasOwnProperty.call(current, segment)) return { found: false, value: undefined };
      current = current[segment];
    } else {
      return { found: false, value: undefined };
    }
  }
  return { found: true, value: current };
}
