import { deserializeTransportable, findTransportProblem, serializeTransportable } from '@acb/common';
import { AdaptersMessages } from '../adapters.messages';
import { CacheValueError } from '../errors/cache-value.error';

/**
 * Serialises a cache value under the serialization contract of @acb/common (the rule of queue payloads and events):
 * JSON values and Dates round-trip exactly; anything else (undefined, NaN, Map, Set, Buffer, class instances, ...)
 * is refused here with the path and the reason, never silently changed.
 */
export function encodeCacheValue(key: string, value: unknown): string {
  const problem = findTransportProblem(value, 'value');
  if (problem) throw new CacheValueError(AdaptersMessages.notSerializable(key, problem.path, problem.reason), key);
  return serializeTransportable(value);
}

export function decodeCacheValue<T>(text: string | null | undefined): T | undefined {
  return text === null || text === undefined ? undefined : deserializeTransportable<T>(text);
}

/** Checks a TTL in seconds: `undefined` (no expiry) or a positive finite number (fractions allowed). */
export function checkTtl(ttlSeconds: number | undefined): number | undefined {
  if (ttlSeconds === undefined) return undefined;
  if (typeof ttlSeconds !== 'number' || !Number.isFinite(ttlSeconds) || ttlSeconds <= 0) {
    throw new RangeError(AdaptersMessages.invalidTtl(ttlSeconds));
  }
  return ttlSeconds;
}

/** Reads a positive number setting, or returns `fallback`. */
export function numberSetting(settings: Record<string, unknown>, key: string, fallback: number | undefined): number | undefined {
  const value = settings[key];
  if (value === undefined || value === null || value === '') return fallback;
  const parsed = typeof value === 'number' ? value : Number(value);
  return Number.isFinite(parsed) ? parsed : fallback;
}
