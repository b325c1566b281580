/** What a redacted value prints as (the same text as `Secret` of @acb/config). */
export const REDACTED = '[redacted]';

/**
 * A value that holds a credential and reveals it on request: `Secret` of @acb/config (`${secret:NAME}` in a
 * settings file). Libraries below the config (queues, events) accept it without importing the config.
 */
export interface SecretLike {
  reveal(): string;
}

/** True for a `Secret` (any object with a `reveal()` method). */
export function isSecretLike(value: unknown): value is SecretLike {
  return typeof value === 'object' && value !== null && typeof (value as { reveal?: unknown }).reveal === 'function';
}

/** The text of a setting that may be a secret: its revealed value, or the value itself. */
export function revealSecret<T>(value: T | SecretLike): T | string {
  return isSecretLike(value) ? value.reveal() : value;
}

/**
 * A copy of a settings tree with every secret revealed (plain objects and arrays copied, other values kept).
 * Call it once, where a connection is built; never log its result.
 */
export function revealSecrets(value: unknown): unknown {
  if (isSecretLike(value)) return value.reveal();
  if (Array.isArray(value)) return value.map(revealSecrets);
  if (value !== null && typeof value === 'object' && isPlainRecord(value)) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      Object.defineProperty(out, key, { value: revealSecrets(item), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return value;
}

/** Plain objects and settings-class instances (not Dates, Maps, Buffers, ...). */
function isPlainRecord(value: object): boolean {
  const proto = Object.getPrototypeOf(value) as object | null;
  if (proto === null || proto === Object.prototype) return true;
  const tag = Object.prototype.toString.call(value);
  return tag === '[object Object]' && !(value instanceof Map) && !(value instanceof Set);
}
