import { AcbConfig } from '@acb/config';
import { AcbQueuesModule, queueOptionsFromSettings } from '@acb/queues';
import { ACB_MODULE_OPTIONS } from '../core.module-definition';
import type { AcbFeature } from '../interfaces/acb-feature.interface';
import type { AcbModuleOptions } from '../interfaces/acb-module-options.interface';

/** Task queues, workers and the scheduler: the `queue:` block of `settings/adapters.yml`, overridden by `options.queues`. */
export const queuesFeature: AcbFeature = {
  name: 'queues',
  module: () =>
    AcbQueuesModule.forRootAsync({
      inject: [AcbConfig, ACB_MODULE_OPTIONS],
      useFactory: (config: AcbConfig, options: AcbModuleOptions) =>
        queueOptionsFromSettings(config.adapters.queue ?? {}, options.queues),
    }),
};
