import { Global, Module, type DynamicModule } from '@nestjs/common';
import { CacheAdapter, MonitoringAdapter } from '@acb/adapters';
import { EventPublisher } from '@acb/events';
import { Queue } from '@acb/queues';
import { MemoryCache } from './memory-cache';

/** What a fake publisher/queue/monitoring recorded. */
export interface Recorded {
  events: Array<{ name: string; payload: unknown }>;
  tasks: Array<{ name: string; payload: unknown }>;
  metrics: Array<{ metric: string; labels: unknown; value?: number }>;
}

/**
 * Global fakes of the optional collaborators of ServiceBase (events, queue, cache, monitoring) that record calls.
 * Unit tests only: the integration tests use the real modules.
 */
@Global()
@Module({})
export class FakeCollaboratorsModule {
  static forRoot(recorded: Recorded): DynamicModule {
    const events = { emit: async (name: string, payload: unknown) => void recorded.events.push({ name, payload }) };
    const queue = { enqueue: async (name: string, payload: unknown) => void recorded.tasks.push({ name, payload }) };
    const metric = (name: string) => ({
      inc: (labels?: unknown, value?: number) => void recorded.metrics.push({ metric: name, labels, value }),
      set: (labels: unknown, value: number) => void recorded.metrics.push({ metric: name, labels, value }),
      dec: () => undefined,
    });
    const monitoring = { name: 'fake', enabled: true, counter: ({ name }: { name: string }) => metric(name), gauge: ({ name }: { name: string }) => metric(name) };
    const providers = [
      { provide: EventPublisher, useValue: events },
      { provide: Queue, useValue: queue },
      { provide: CacheAdapter, useValue: new MemoryCache() },
      { provide: MonitoringAdapter, useValue: monitoring },
    ];
    return { module: FakeCollaboratorsModule, providers, exports: providers.map((provider) => provider.provide) };
  }
}

export function emptyRecorded(): Recorded {
  return { events: [], tasks: [], metrics: [] };
}
