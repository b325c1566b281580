import type { AcbFeature } from '../interfaces/acb-feature.interface';
import { adaptersFeature } from './adapters.feature';
import { loggerFeature } from './logger.feature';

/**
 * The systems AcbModule composes, in import order. A later system (adapters, events, queues, workflows, services,
 * migrations) adds its `*.feature.ts` here.
 */
export const ACB_FEATURES: readonly AcbFeature[] = [loggerFeature, adaptersFeature];
