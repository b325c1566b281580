import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AcbConfigModuleOptions } from './interfaces/acb-config-options.interface';

/** forRoot/forRootAsync of AcbConfigModule (the module is always global). */
export const { ConfigurableModuleClass, MODULE_OPTIONS_TOKEN, OPTIONS_TYPE, ASYNC_OPTIONS_TYPE } =
  new ConfigurableModuleBuilder<AcbConfigModuleOptions>({ moduleName: 'AcbConfig' })
    .setClassMethodName('forRoot')
    .setFactoryMethodName('createAcbConfigOptions')
    .build();
