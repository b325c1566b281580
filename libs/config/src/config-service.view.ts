import type { AcbConfig } from './acb-config';

/**
 * A live, read-only object over the sections of an AcbConfig, used as the internal store of @nestjs/config's
 * ConfigService: `configService.get('app.port')` reads the current (validated) value, also after a reload.
 */
export function createConfigServiceView(config: AcbConfig): Record<string, unknown> {
  return new Proxy(Object.create(null) as Record<string, unknown>, {
    get: (_target, key) => (typeof key === 'string' && config.has(key) ? config.section(key) : undefined),
    has: (_target, key) => typeof key === 'string' && config.has(key),
    ownKeys: () => config.sectionNames(),
    getOwnPropertyDescriptor: (_target, key) =>
      typeof key === 'string' && config.has(key)
        ? { value: config.section(key), enumerable: true, configurable: true, writable: false }
        : undefined,
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}
