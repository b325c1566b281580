import { ServicesHealthIndicator } from '@acb/services';
import type { HealthIndicatorDefinition } from '../health-indicator.interface';

/** `services`: up while every registered `@AcbService` is active and healthy (each one's state in the report). */
export const servicesIndicator: HealthIndicatorDefinition = {
  inject: [ServicesHealthIndicator],
  useFactory: (services: ServicesHealthIndicator) => () => services.isHealthy('services'),
};
