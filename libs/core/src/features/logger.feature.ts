import { AcbConfig } from '@acb/config';
import { AcbLoggerModule } from '@acb/logger';
import { ACB_MODULE_OPTIONS } from '../core.module-definition';
import type { AcbFeature } from '../interfaces/acb-feature.interface';
import type { AcbModuleOptions } from '../interfaces/acb-module-options.interface';
import { LoggerConfigSync } from './logger-config.sync';
import { loggerOptionsFromConfig } from './logger-options.factory';

/** Structured logging configured from `debug.yml`, `app.yml`, `logging.yml` and the secrets. */
export const loggerFeature: AcbFeature = {
  name: 'logger',
  module: () =>
    AcbLoggerModule.forRootAsync({
      inject: [AcbConfig, ACB_MODULE_OPTIONS],
      useFactory: (config: AcbConfig, options: AcbModuleOptions) => loggerOptionsFromConfig(config, options.logger),
    }),
  providers: [LoggerConfigSync],
};
