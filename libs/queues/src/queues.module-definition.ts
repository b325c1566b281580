import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AcbQueuesModuleOptions } from './interfaces/queues-module-options.interface';

/** `forRoot` / `forRootAsync` of AcbQueuesModule (global, as every ACB module). */
export const {
  ConfigurableModuleClass: AcbQueuesConfigurableModule,
  MODULE_OPTIONS_TOKEN: ACB_QUEUES_OPTIONS,
  OPTIONS_TYPE: ACB_QUEUES_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ACB_QUEUES_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AcbQueuesModuleOptions>({ moduleName: 'AcbQueues' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createQueuesOptions')
  .build();
