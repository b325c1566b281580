import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { AcbMigrationsModuleOptions } from './interfaces/migrations-module-options.interface';

/** `forRoot` / `forRootAsync` of AcbMigrationsModule (global, as every ACB module: one runner per app). */
export const {
  ConfigurableModuleClass: AcbMigrationsConfigurableModule,
  MODULE_OPTIONS_TOKEN: ACB_MIGRATIONS_MODULE_OPTIONS,
  OPTIONS_TYPE: ACB_MIGRATIONS_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: ACB_MIGRATIONS_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<AcbMigrationsModuleOptions>({ moduleName: 'AcbMigrations' })
  .setClassMethodName('forRoot')
  .setFactoryMethodName('createMigrationsOptions')
  .build();
