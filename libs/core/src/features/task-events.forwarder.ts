import { Injectable, Optional, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { EventPublisher } from '@acb/events';
import { TaskEvents, forwardTaskEventsToBus } from '@acb/queues';

/**
 * With both events and queues on, task lifecycle events (`completed`, `failed`, `retrying`, `dead`, `stalled`) are
 * also published on the event bus as `task.<type>`, so `@OnAcbEvent('task.*')`, the monitoring adapter and an
 * operations page see them with no wiring. Forwarding starts at module init and stops at shutdown.
 */
@Injectable()
export class TaskEventsForwarder implements OnModuleInit, OnApplicationShutdown {
  private stop?: () => void;

  constructor(
    @Optional() private readonly taskEvents?: TaskEvents,
    @Optional() private readonly publisher?: EventPublisher,
  ) {}

  onModuleInit(): void {
    if (this.taskEvents && this.publisher) this.stop = forwardTaskEventsToBus(this.taskEvents, this.publisher);
  }

  onApplicationShutdown(): void {
    this.stop?.();
    this.stop = undefined;
  }
}
