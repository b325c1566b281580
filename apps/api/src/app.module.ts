import { AcbMetricsController } from '@acb/adapters';
import { AcbModule, type AcbModuleOptions } from '@acb/core';
import { type DynamicModule, Module } from '@nestjs/common';
import { HealthModule } from './health/health.module';
import { adaptersIndicator } from './health/indicators/adapters.indicator';
import { appIndicator } from './health/indicators/app.indicator';

/** The sample API: the ACB stack from `settings/`, `GET /health` (app + every adapter) and `GET /metrics`. */
@Module({})
export class AppModule {
  /** `options` go to `AcbModule.forRoot()` (tests pass a settings dir or a log destination). */
  static forRoot(options: AcbModuleOptions = {}): DynamicModule {
    return {
      module: AppModule,
      imports: [AcbModule.forRoot(options), HealthModule.forRoot({ indicators: [appIndicator, adaptersIndicator] })],
      controllers: [AcbMetricsController],
    };
  }
}
