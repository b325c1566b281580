import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AdapterCategory } from './adapters.constants';
import type { AcbAdaptersModuleOptions } from './interfaces/adapters-module-options.interface';

/**
 * `forRoot(options)` / `forRootAsync({ imports, inject, useFactory | useClass | useExisting })`, plus the static
 * `categories` extra. The module is always global: adapters are application-wide, and TypeORM's module must see the
 * selection.
 */
export const {
  ConfigurableModuleClass: AcbAdaptersConfigurableModule,
  MODULE_OPTIONS_TOKEN: ACB_ADAPTERS_OPTIONS,
  OPTIONS_TYPE: ACB_ADAPTERS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ACB_ADAPTERS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AcbAdaptersModuleOptions>({ moduleName: 'AcbAdapters' })
  .setClassMethodName('forRoot')
  .setExtras<{ categories?: AdapterCategory[] }>({ categories: undefined }, (definition) => ({ ...definition, global: true }))
  .build();
