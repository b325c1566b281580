import { AcbAdaptersModule } from '@acb/adapters';
import { ACB_MODULE_OPTIONS } from '../core.module-definition';
import type { AcbFeature } from '../interfaces/acb-feature.interface';
import type { AcbModuleOptions } from '../interfaces/acb-module-options.interface';

/**
 * The adapter layer: each category's implementation from `settings/adapters.yml` and its settings section
 * (`settings/cache.yml`, ...) — the adapters module reads `AcbConfig` itself — overridden by `options.adapters`.
 */
export const adaptersFeature: AcbFeature = {
  name: 'adapters',
  module: () =>
    AcbAdaptersModule.forRootAsync({
      inject: [ACB_MODULE_OPTIONS],
      useFactory: (options: AcbModuleOptions) => ({ ...options.adapters }),
    }),
};
