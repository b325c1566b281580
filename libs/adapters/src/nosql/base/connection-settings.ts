import { isPlainObject } from '../query/field-path';

/**
 * A backend's connection block: `settings.<backend>` (`redis: { url }`), or the section's top level when that block
 * is absent (`url: ...` directly in `settings/nosql.yml`).
 */
export function backendSettings(settings: Record<string, unknown> | undefined, backend: string): Record<string, unknown> {
  const block = settings?.[backend];
  return isPlainObject(block) ? block : (settings ?? {});
}

export function stringSetting(settings: Record<string, unknown>, key: string): string | undefined {
  const value = settings[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

export function numberSetting(settings: Record<string, unknown>, key: string, fallback: number): number {
  const value = settings[key];
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return fallback;
}

/** Rejects after `ms` with `onTimeout()`; the timer never outlives the promise. */
export async function withTimeout<T>(promise: Promise<T>, ms: number, onTimeout: () => Error): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(onTimeout()), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
