import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AdapterCategory } from '@acb/adapters';
import type { AcbTestingModuleOptions } from './interfaces/testing-module-options.interface';

/**
 * The options provider of `AcbTestingModule.forRootAsync` (`useFactory` + `inject` + `imports`, `useClass`,
 * `useExisting`). The extras say, when the module is built, which systems the environment has and which adapter
 * categories the factory's `mocks` replace: Nest fixes the module graph before any factory runs.
 */
export const {
  ConfigurableModuleClass: AcbTestingConfigurableModule,
  MODULE_OPTIONS_TOKEN: ACB_TESTING_OPTIONS,
  ASYNC_OPTIONS_TYPE: ACB_TESTING_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AcbTestingModuleOptions>({ moduleName: 'AcbTesting' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createTestingOptions')
  .setExtras<{ events?: boolean; queues?: boolean; mocked?: AdapterCategory[] }>(
    { events: false, queues: false, mocked: [] },
    (definition) => definition,
  )
  .build();
