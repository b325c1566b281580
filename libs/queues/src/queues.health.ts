import { Inject, Injectable } from '@nestjs/common';
import type { HealthIndicatorResult } from '@nestjs/terminus';
import type { QueueBackend } from './interfaces/queue-backend.interface';
import { QUEUE_BACKEND } from './queues.tokens';
import { errorMessage } from './utils/error-message';

/**
 * A terminus health indicator for the queue backend: `up` when `ping()` answers, `down` with the cause otherwise.
 * @example health.check([() => queuesHealth.isHealthy('queue')])
 */
@Injectable()
export class QueuesHealthIndicator {
  constructor(@Inject(QUEUE_BACKEND) private readonly backend: QueueBackend) {}

  async isHealthy<const Key extends string = 'queue'>(key: Key = 'queue' as Key): Promise<HealthIndicatorResult<Key>> {
    try {
      await this.backend.ping();
      return result(key, { status: 'up', backend: this.backend.name });
    } catch (error) {
      return result(key, { status: 'down', backend: this.backend.name, message: errorMessage(error) });
    }
  }
}

function result<Key extends string>(key: Key, value: { status: 'up' | 'down'; [field: string]: unknown }): HealthIndicatorResult<Key> {
  return { [key]: value } as Record<Key, typeof value> as HealthIndicatorResult<Key>;
}
