import { AdaptersHealthIndicator } from '@acb/adapters';
import type { HealthIndicatorDefinition } from '../health-indicator.interface';

/** One check per started adapter (`cache`, `sql`, `nosql`, `storage`, `monitoring`): its `ping()`, with a timeout. */
export const adaptersIndicator: HealthIndicatorDefinition = {
  inject: [AdaptersHealthIndicator],
  useFactory: (adapters: AdaptersHealthIndicator) => () => adapters.checkAll(),
};
