import type { Logger } from '@nestjs/common';
import type { AcbConfig } from './acb-config';
import { ConfigMessages } from './config.messages';

/**
 * Token of @nestjs/config's configuration store: the one object its ConfigService reads (`get('app.port')`) and
 * that `ConfigModule.forRoot({ load })` and `ConfigModule.forFeature(registerAs(...))` write into. It is provided
 * once per application by @nestjs/config's global host module, whoever imports ConfigModule first.
 */
// NOTE: @nestjs/config does not export the constant from its package root; the value is its CONFIGURATION_TOKEN.
export const NEST_CONFIG_STORE = 'CONFIGURATION_TOKEN';

/**
 * Puts every section of `config` into @nestjs/config's store as a live property: `configService.get('app.port')`
 * reads the current validated value, also after a reload (sections a reload adds appear too). A key a
 * `ConfigModule.forRoot({ load })` factory also writes keeps ACB's validated section (logged once).
 */
export function attachToConfigStore(store: Record<string, unknown>, config: AcbConfig, logger: Pick<Logger, 'warn'>): void {
  const attached = new Set<string>();
  const attach = (name: string): void => {
    if (attached.has(name)) return;
    attached.add(name);
    let warned = Object.prototype.hasOwnProperty.call(store, name);
    if (warned) logger.warn(ConfigMessages.configServiceKeyTaken(name));
    Object.defineProperty(store, name, {
      enumerable: true,
      configurable: true,
      get: () => (config.has(name) ? config.section(name) : undefined),
      set: () => {
        if (warned) return;
        warned = true;
        logger.warn(ConfigMessages.configServiceKeyTaken(name));
      },
    });
  };
  for (const name of config.sectionNames()) attach(name);
  config.onChange('*', () => {
    for (const name of config.sectionNames()) attach(name);
  });
}
