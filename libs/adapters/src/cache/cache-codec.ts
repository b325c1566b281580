import { AdaptersMessages } from '../adapters.messages';
import { CacheValueError } from '../errors/cache-value.error';

/** Serialises a cache value to JSON text; refuses what JSON cannot carry (`undefined`, functions, symbols). */
export function encodeCacheValue(key: string, value: unknown): string {
  const text = value === undefined ? undefined : JSON.stringify(value);
  if (text === undefined) throw new CacheValueError(AdaptersMessages.notSerializable(key), key);
  return text;
}

export function decodeCacheValue<T>(text: string | null | undefined): T | undefined {
  return text === null || text === undefined ? undefined : (JSON.parse(text) as T);
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
