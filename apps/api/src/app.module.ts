import { AcbModule, type AcbModuleOptions } from '@acb/core';
import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from './health/health.module';
import { appIndicator } from './health/indicators/app.indicator';

/** The sample API: the ACB stack from `settings/` plus `GET /health`. */
@Module({})
export class AppModule {
  /** `options` go to `AcbModule.forRoot()` (tests pass a settings dir or a log destination). */
  static forRoot(options: AcbModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [AcbModule.forRoot(options), HealthModule.forRoot({ indicators: [appIndicator] })],
    };
  }
}
