import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AcbServicesModuleOptions } from './interfaces/services-module-options.interface';

/** `forRoot` / `forRootAsync` of AcbServicesModule (global, as every ACB module). */
export const {
  ConfigurableModuleClass: ConfigurableServicesModule,
  MODULE_OPTIONS_TOKEN: SERVICES_MODULE_OPTIONS,
  OPTIONS_TYPE: SERVICES_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: SERVICES_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AcbServicesModuleOptions>({ moduleName: 'AcbServices' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createServicesOptions')
  .build();
