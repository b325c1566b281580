import { secondsToMs } from '@acb/common';
import { AdaptersMessages } from '../adapters.messages';
import { AdapterConfigurationError } from '../errors/adapter-configuration.error';

/**
 * A duration from an adapter's settings section, in milliseconds for the driver. The file writes seconds, as every
 * settings file (`connect_timeout: 5`, or `connectTimeout: 5`).
 * @param key the camelCase name without a unit (`connectTimeout`)
 * @param section where the key lives, for messages (`cache`, `nosql.redis`)
 * @throws AdapterConfigurationError for a key still in milliseconds (`connectTimeoutMs`, `connect_timeout_ms`);
 *   Error naming the key for a value that is not a number of seconds >= 0
 */
export function durationSetting(settings: Record<string, unknown>, key: string, fallbackMs: number, section: string): number {
  const snake = key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
  for (const legacy of [`${key}Ms`, `${snake}_ms`]) {
    if (settings[legacy] !== undefined) {
      throw new AdapterConfigurationError(AdaptersMessages.millisecondsInSettings(`${section}.${legacy}`, `${snake}: ${Number(settings[legacy]) / 1000}`));
    }
  }
  const value = settings[key] ?? settings[snake];
  return value === undefined ? fallbackMs : secondsToMs(value, `${section}.${snake}`);
}
