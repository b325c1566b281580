import { AcbConfig } from '@acb/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import type { HealthIndicatorDefinition } from '../health-indicator.interface';

/** Always `up` while the process serves requests; reports the application's name, version and environment. */
export const appIndicator: HealthIndicatorDefinition = {
  inject: [AcbConfig, HealthIndicatorService],
  useFactory: (config: AcbConfig, health: HealthIndicatorService) => () =>
    health.check('app').up({
      name: config.app.name,
      version: config.app.version,
      environment: config.app.environment,
      uptimeSeconds: Math.round(process.uptime()),
    }),
};
