import { CommonMessages } from '../common.messages';

/**
 * The one duration rule: TypeScript options are milliseconds and say so (`timeoutMs`, `delayMs`); YAML settings are
 * seconds, the seed's unit (`default_timeout: 300`). This converts a settings value in seconds to milliseconds.
 * @param where the settings key, for the error message (e.g. `workflows.default_timeout`)
 * @throws Error naming the key when the value is not a finite number >= 0
 */
export function secondsToMs(seconds: unknown, where: string): number {
  const value = typeof seconds === 'string' && seconds.trim() !== '' ? Number(seconds) : seconds;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new Error(CommonMessages.invalidSeconds(where, seconds));
  }
  return Math.round(value * 1000);
}
