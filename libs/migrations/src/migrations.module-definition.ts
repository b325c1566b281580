import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AcbMigrationsModuleOptions } from './interfaces/migrations-module-options.interface';

/** `forRoot` / `forRootAsync` of AcbMigrationsModule, with an `isGlobal` extra (default true: one runner per app). */
export const {
  ConfigurableModuleClass: AcbMigrationsConfigurableModule,
  MODULE_OPTIONS_TOKEN: ACB_MIGRATIONS_MODULE_OPTIONS,
  OPTIONS_TYPE: ACB_MIGRATIONS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ACB_MIGRATIONS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AcbMigrationsModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras({ isGlobal: true }, (definition, extras) => ({ ...definition, global: extras.isGlobal }))
  .build();
