import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AcbModuleOptions } from './interfaces/acb-module-options.interface';

export const {
  ConfigurableModuleClass: AcbConfigurableModule,
  MODULE_OPTIONS_TOKEN: ACB_MODULE_OPTIONS,
  OPTIONS_TYPE: ACB_MODULE_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ACB_MODULE_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AcbModuleOptions>({ moduleName: 'Acb' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createAcbOptions')
  .build();
