import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AcbLoggerOptions } from './interfaces/logger-options.interface';

export const {
  ConfigurableModuleClass: AcbLoggerConfigurableModule,
  MODULE_OPTIONS_TOKEN: ACB_LOGGER_OPTIONS,
  OPTIONS_TYPE: ACB_LOGGER_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ACB_LOGGER_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AcbLoggerOptions>({ moduleName: 'AcbLogger' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createLoggerOptions')
  .build();
