import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AcbWorkflowsModuleOptions } from './interfaces/workflows-module-options.interface';

export const {
  ConfigurableModuleClass: AcbWorkflowsConfigurableModule,
  MODULE_OPTIONS_TOKEN: ACB_WORKFLOWS_OPTIONS,
  OPTIONS_TYPE: ACB_WORKFLOWS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ACB_WORKFLOWS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AcbWorkflowsModuleOptions>({ moduleName: 'AcbWorkflows' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createWorkflowsOptions')
  .setExtras({}, (definition) => ({ ...definition, global: true }))
  .build();
