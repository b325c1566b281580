import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AcbServicesModuleOptions } from './interfaces/services-module-options.interface';

export const {
  ConfigurableModuleClass: ConfigurableServicesModule,
  MODULE_OPTIONS_TOKEN: SERVICES_MODULE_OPTIONS,
  OPTIONS_TYPE: SERVICES_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: SERVICES_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AcbServicesModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
