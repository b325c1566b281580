const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_DEPTH = 64;

/**
 * A deep copy of untrusted input without `__proto__`, `constructor` and `prototype` keys, so neither
 * class-transformer nor the schema can be steered into another object's prototype.
 */
export function safeClone(value: unknown, depth = 0): unknown {
  if (depth > MAX_DEPTH) return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map((item) => safeClone(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!FORBIDDEN_KEYS.has(key)) copy[key] = safeClone((value as Record<string, unknown>)[key], depth + 1);
  }
  return copy;
}

/**
 * Whether `value` is plain data that `safeClone` would copy without changing anything: only plain objects
 * (prototype `Object.prototype`), arrays and primitives, no forbidden key, no deeper than `safeClone` goes.
 * class-transformer copies such input into new objects itself, so the clone can be skipped (a read-only walk
 * allocates nothing); anything else (class instances, dates, maps, null-prototype objects) is cloned first.
 */
export function isSafePlain(value: unknown, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i += 1) if (!isSafePlain(value[i], depth + 1)) return false;
    return true;
  }
  if (Object.getPrototypeOf(value) !== Object.prototype) return false;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (FORBIDDEN_KEYS.has(key) || !isSafePlain(record[key], depth + 1)) return false;
  }
  return true;
}
