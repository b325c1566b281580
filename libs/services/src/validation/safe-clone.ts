const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A deep copy of untrusted input without `__proto__`, `constructor` and `prototype` keys, so neither
 * class-transformer nor the schema can be steered into another object's prototype.
 */
export function safeClone(value: unknown, depth = 0): unknown {
  if (depth > 64) return undefined;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return new Date(value.getTime());
  if (Array.isArray(value)) return value.map((item) => safeClone(item, depth + 1));
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    if (!FORBIDDEN_KEYS.has(key)) copy[key] = safeClone((value as Record<string, unknown>)[key], depth + 1);
  }
  return copy;
}
