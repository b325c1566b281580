import { AcbConfig } from '@acb/config';
import { AcbServicesModule } from '@acb/services';
import { ACB_MODULE_OPTIONS } from '../core.module-definition';
import type { AcbFeature } from '../interfaces/acb-feature.interface';
import type { AcbModuleOptions } from '../interfaces/acb-module-options.interface';
import { ServicesSettings } from './services.settings';

/**
 * The services layer: registry, repositories on the sql adapter's connection, validation and resilience.
 * `settings/services.yml` (`disabled`, `repositoryCache`), overridden by `options.services`.
 */
export const servicesFeature: AcbFeature = {
  name: 'services',
  module: () =>
    AcbServicesModule.forRootAsync({
      inject: [AcbConfig, ACB_MODULE_OPTIONS],
      useFactory: (config: AcbConfig, options: AcbModuleOptions) => {
        const settings = config.section('services', ServicesSettings);
        return {
          disabled: settings.disabled ?? [],
          repositoryCache: settings.repositoryCache ? {} : false,
          ...options.services,
        };
      },
    }),
};
