import { QueuesHealthIndicator } from '@acb/queues';
import type { HealthIndicatorDefinition } from '../health-indicator.interface';

/** `queue`: the queue backend answers its ping (`backend` names it: memory, redis, rabbitmq). */
export const queuesIndicator: HealthIndicatorDefinition = {
  inject: [QueuesHealthIndicator],
  useFactory: (queues: QueuesHealthIndicator) => () => queues.isHealthy('queue'),
};
