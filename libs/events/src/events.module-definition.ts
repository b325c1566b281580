import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AcbEventsModuleOptions } from './interfaces/events-module-options.interface';

/** `forRoot` / `forRootAsync` of AcbEventsModule (global, as every ACB module). */
export const {
  ConfigurableModuleClass: AcbEventsConfigurableModule,
  MODULE_OPTIONS_TOKEN: ACB_EVENTS_MODULE_OPTIONS,
  OPTIONS_TYPE: ACB_EVENTS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ACB_EVENTS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AcbEventsModuleOptions>({ moduleName: 'AcbEvents' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createEventsOptions')
  .build();
