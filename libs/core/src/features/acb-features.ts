import type { AcbFeature } from '../interfaces/acb-feature.interface';
import { adaptersFeature } from './adapters.feature';
import { eventsFeature } from './events.feature';
import { loggerFeature } from './logger.feature';
import { migrationsFeature } from './migrations.feature';
import { queuesFeature } from './queues.feature';
import { servicesFeature } from './services.feature';
import { workflowsFeature } from './workflows.feature';

/**
 * The systems AcbModule composes, in import order. A later system (adapters, events, queues, workflows, services,
 * migrations) adds its `*.feature.ts` here.
 */
export const ACB_FEATURES: readonly AcbFeature[] = [
  loggerFeature,
  adaptersFeature,
  queuesFeature,
  eventsFeature,
  migrationsFeature,
  servicesFeature,
  workflowsFeature,
];
