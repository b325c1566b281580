/**
 * The serialization contract of ACB: what a value may be when it leaves the process or outlives the call that made
 * it — a cache entry, a queue task's payload, an event's payload and metadata (also a `viaQueue` handler's event).
 * One rule everywhere, so a value the event bus accepts is a value the queue accepts, and what is read back equals
 * what was written:
 *
 * - JSON values: `null`, booleans, strings, finite numbers, arrays, plain objects (`{}` or `Object.create(null)`);
 * - `Date`s (valid ones), carried faithfully: encoded as `{ "$acb:date": "<ISO text>" }` and read back as `Date`s;
 * - an object property whose value is `undefined` is left out (it reads back as `undefined`, as JSON does);
 * - everything else is refused with the path and the reason: `undefined` at the top or in an array, `NaN` and
 *   `±Infinity`, functions, symbols, `BigInt`, `Map`, `Set`, `Buffer`/typed arrays, `RegExp`, class instances,
 *   an invalid Date, a circular reference, nesting deeper than `MAX_TRANSPORTABLE_DEPTH`, and a plain object whose
 *   only key is the tag `$acb:date` (it would read back as a Date).
 */

/** Nesting deeper than this is refused (a clear error instead of a stack overflow). */
export const MAX_TRANSPORTABLE_DEPTH = 256;

/** The key of the tagged encoding of a Date. */
export const DATE_TAG = '$acb:date';

/** A JSON value. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** Why a value breaks the contract: where (`$.user.tags[2]`) and what it is. */
export interface TransportProblem {
  path: string;
  reason: string;
}

/** The first place `value` breaks the contract, or undefined when it keeps it. `root` names the value in paths. */
export function findTransportProblem(value: unknown, root = '$'): TransportProblem | undefined {
  if (value === undefined) return { path: root, reason: 'is undefined' };
  const fast = scan(value, 0);
  if (fast !== SCAN_DEEP && fast !== SCAN_BAD) return undefined;
  return explain(value, root, 0, new Set());
}

/**
 * The value in its transport form (a JSON value): Dates become `{ "$acb:date": iso }`. Returns `value` itself, not
 * a copy, when it holds no Date. Call `findTransportProblem` first: this one assumes a valid value.
 */
export function encodeTransportable(value: unknown): JsonValue {
  return (scan(value, 0) === SCAN_HAS_DATE ? encode(value) : value) as JsonValue;
}

/** The value back from its transport form: `{ "$acb:date": iso }` becomes a Date. Returns `value` itself when there is none. */
export function decodeTransportable<T = unknown>(value: unknown): T {
  return (hasTag(value, 0) ? decode(value) : value) as T;
}

/** `encodeTransportable` as JSON text. */
export function serializeTransportable(value: unknown): string {
  return JSON.stringify(encodeTransportable(value));
}

/** JSON text from `serializeTransportable` back to the value (Dates revived). */
export function deserializeTransportable<T = unknown>(text: string): T {
  const parsed: unknown = JSON.parse(text);
  return (text.includes(DATE_TAG) ? decodeTransportable(parsed) : parsed) as T;
}

const SCAN_JSON = 0;
const SCAN_HAS_DATE = 1;
const SCAN_BAD = 2;
const SCAN_DEEP = 3;

/** The fast pass: no paths, no visited set (a cycle shows up as SCAN_DEEP and the slow pass names it). */
function scan(value: unknown, depth: number): number {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return SCAN_JSON;
    case 'number':
      return Number.isFinite(value) ? SCAN_JSON : SCAN_BAD;
    case 'object': {
      if (value === null) return SCAN_JSON;
      if (depth >= MAX_TRANSPORTABLE_DEPTH) return SCAN_DEEP;
      let result = SCAN_JSON;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item: unknown = value[i];
          if (item === undefined) return SCAN_BAD;
          const inner = scan(item, depth + 1);
          if (inner > SCAN_HAS_DATE) return inner;
          result |= inner;
        }
        return result;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto === Date.prototype) return Number.isNaN((value as Date).getTime()) ? SCAN_BAD : SCAN_HAS_DATE;
      if (proto !== Object.prototype && proto !== null && !isForeignObjectPrototype(proto)) return SCAN_BAD;
      for (const key in value) {
        if (key === DATE_TAG) return SCAN_BAD;
        const item = (value as Record<string, unknown>)[key];
        if (item === undefined) continue;
        const inner = scan(item, depth + 1);
        if (inner > SCAN_HAS_DATE) return inner;
        result |= inner;
      }
      return result;
    }
    default:
      return SCAN_BAD;
  }
}

/** The slow pass: the first problem with its path. */
/**
 * `Object.prototype` of another realm (a vm context): a native module such as better-sqlite3 builds its row objects
 * in the realm that first loaded it, which under jest is another test file's. Those rows are plain objects all the same.
 */
function isForeignObjectPrototype(proto: unknown): boolean {
  if (typeof proto !== 'object' || proto === null || Object.getPrototypeOf(proto) !== null) return false;
  const constructor = (proto as { constructor?: unknown }).constructor;
  return typeof constructor === 'function' && constructor.name === 'Object' && (constructor as { prototype?: unknown }).prototype === proto;
}

function explain(value: unknown, path: string, depth: number, seen: Set<object>): TransportProblem | undefined {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return undefined;
    case 'number':
      return Number.isFinite(value) ? undefined : { path, reason: `is ${value} (not a finite number)` };
    case 'undefined':
      return { path, reason: 'is undefined' };
    case 'function':
    case 'symbol':
    case 'bigint':
      return { path, reason: `is a ${typeof value}` };
    default:
      break;
  }
  if (value === null) return undefined;
  const object = value as object;
  if (seen.has(object)) return { path, reason: 'is a circular reference' };
  if (depth >= MAX_TRANSPORTABLE_DEPTH) return { path, reason: `nests deeper than ${MAX_TRANSPORTABLE_DEPTH} levels` };
  if (Array.isArray(object)) {
    seen.add(object);
    for (let i = 0; i < object.length; i++) {
      const problem = explain(object[i], `${path}[${i}]`, depth + 1, seen);
      if (problem) return problem;
    }
    seen.delete(object);
    return undefined;
  }
  const proto: unknown = Object.getPrototypeOf(object);
  if (proto === Date.prototype) return Number.isNaN((object as Date).getTime()) ? { path, reason: 'is an invalid Date' } : undefined;
  if (proto !== Object.prototype && proto !== null && !isForeignObjectPrototype(proto)) return { path, reason: `is a ${describeInstance(object)}, not a plain object (JSON would change it)` };
  seen.add(object);
  for (const key of Object.keys(object)) {
    if (key === DATE_TAG) return { path: `${path}.${key}`, reason: `is the reserved key "${DATE_TAG}" (it marks an encoded Date)` };
    const item = (object as Record<string, unknown>)[key];
    if (item === undefined) continue;
    const problem = explain(item, `${path}.${key}`, depth + 1, seen);
    if (problem) return problem;
  }
  seen.delete(object);
  return undefined;
}

function describeInstance(object: object): string {
  const name = (object as { constructor?: { name?: unknown } }).constructor?.name;
  return typeof name === 'string' && name.length > 0 ? name : 'class instance';
}

function encode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return { [DATE_TAG]: value.toISOString() };
  if (Array.isArray(value)) return value.map(encode);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const item = (value as Record<string, unknown>)[key];
    if (item !== undefined) Object.defineProperty(out, key, { value: encode(item), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function hasTag(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object' || depth > MAX_TRANSPORTABLE_DEPTH) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) if (hasTag(value[i], depth + 1)) return true;
    return false;
  }
  for (const key in value) {
    if (key === DATE_TAG) return true;
    if (hasTag((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}

function decode(value: unknown): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(decode);
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  if (keys.length === 1 && keys[0] === DATE_TAG && typeof record[DATE_TAG] === 'string') return new Date(record[DATE_TAG]);
  const out: Record<string, unknown> = Object.getPrototypeOf(value) === null ? Object.create(null) : {};
  for (const key of keys) Object.defineProperty(out, key, { value: decode(record[key]), enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * A deep copy of a data object graph in which class instances (TypeORM entities, DTOs) become plain objects of
 * their own enumerable properties — what JSON would make of them — while Dates stay Dates. For callers that
 * knowingly store instances as data and revive them themselves (the services repository cache); anything the
 * contract refuses otherwise (Map, Set, functions, ...) is left for `findTransportProblem` to report.
 */
export function toPlainData(value: unknown): unknown {
  return plainCopy(value, 0);
}

function plainCopy(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_TRANSPORTABLE_DEPTH) return value;
  if (Array.isArray(value)) return value.map((item) => plainCopy(item, depth + 1));
  if (value instanceof Date || value instanceof Map || value instanceof Set || ArrayBuffer.isView(value)) return value;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null && typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    Object.defineProperty(out, key, { value: plainCopy((value as Record<string, unknown>)[key], depth + 1), enumerable: true, writable: true, configurable: true });
  }
  return out;
}
