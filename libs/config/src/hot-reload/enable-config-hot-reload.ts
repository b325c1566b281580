import { Logger } from '@nestjs/common';
import type { AcbConfig } from '../acb-config';
import { ACB_CONFIG_LOGGER_CONTEXT, DEFAULT_HOT_RELOAD_INTERVAL_MS } from '../config.constants';
import { ConfigMessages } from '../config.messages';
import type { ConfigHotReloadHandle, ConfigHotReloadOptions } from '../interfaces/acb-config-options.interface';
import { errorText } from '../loading/section-files.reader';
import { settingsFingerprint } from './settings-fingerprint';

/**
 * Polls the settings and secrets directories every `checkIntervalMs`. When their contents change it calls
 * `config.reload()`: a valid change swaps the values and notifies `onChange` listeners of the changed sections;
 * an invalid one keeps the old values and logs a warning with the reason (once per distinct content).
 * The timer does not keep the process alive; `stop()` clears it.
 *
 * ```ts
 * const hotReload = enableConfigHotReload(config, { checkIntervalMs: 5000 });
 * hotReload.stop();
 * ```
 */
export function enableConfigHotReload(config: AcbConfig, options: ConfigHotReloadOptions = {}): ConfigHotReloadHandle {
  const interval = options.checkIntervalMs ?? DEFAULT_HOT_RELOAD_INTERVAL_MS;
  if (!Number.isFinite(interval) || interval <= 0) {
    throw new RangeError(`enableConfigHotReload: checkIntervalMs must be a positive number of milliseconds (got ${interval})`);
  }
  const logger = options.logger ?? new Logger(ACB_CONFIG_LOGGER_CONTEXT);
  let seen = settingsFingerprint(config.settingsDir, config.secretsDir);
  const check = (): void => {
    const current = settingsFingerprint(config.settingsDir, config.secretsDir);
    if (current === seen) return;
    seen = current;
    try {
      const changed = config.reload();
      if (changed.length > 0) logger.log(ConfigMessages.hotReloadApplied(changed));
    } catch (error) {
      logger.warn(ConfigMessages.hotReloadRejected(errorText(error)));
    }
  };
  const timer = setInterval(check, interval);
  timer.unref();
  logger.log(ConfigMessages.hotReloadStarted(interval, [config.settingsDir, config.secretsDir]));
  return {
    stop: () => clearInterval(timer),
  };
}
