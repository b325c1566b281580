import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { QueueBackend } from './interfaces/queue-backend.interface';
import { QUEUE_BACKEND } from './queues.tokens';

/** Closes the backend last: after the Worker and the Scheduler drained in beforeApplicationShutdown. */
@Injectable()
export class QueueBackendHost implements OnApplicationShutdown {
  constructor(@Inject(QUEUE_BACKEND) private readonly backend: QueueBackend) {}

  async onApplicationShutdown(): Promise<void> {
    await this.backend.close();
  }
}
