import { DynamicModule, Logger, Module, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { loadQueueBackendClass } from './backends/backend.loader';
import type { QueueBackend } from './interfaces/queue-backend.interface';
import type { AcbQueuesModuleOptions } from './interfaces/queues-module-options.interface';
import { Queue } from './queue';
import { QueueBackendHost } from './queue-backend.host';
import { QueueManager } from './queue.manager';
import { QueueMetrics } from './queue-metrics';
import {
  ACB_QUEUES_ASYNC_OPTIONS_TYPE,
  ACB_QUEUES_OPTIONS,
  ACB_QUEUES_OPTIONS_TYPE,
  AcbQueuesConfigurableModule,
} from './queues.module-definition';
import { QueuesHealthIndicator } from './queues.health';
import { resolveQueuesOptions, type ResolvedQueuesOptions } from './queues-options.resolver';
import { getQueueToken, QUEUE_BACKEND, QUEUES_RESOLVED_OPTIONS } from './queues.tokens';
import { Scheduler } from './scheduler/scheduler';
import { TaskExplorer } from './task.explorer';
import { TaskRegistry } from './task.registry';
import { Worker } from './worker/worker';

const CORE_PROVIDERS: Provider[] = [
  { provide: QUEUES_RESOLVED_OPTIONS, useFactory: resolveQueuesOptions, inject: [ACB_QUEUES_OPTIONS] },
  {
    provide: QUEUE_BACKEND,
    useFactory: async (options: ResolvedQueuesOptions): Promise<QueueBackend> => {
      const Backend = loadQueueBackendClass(options.backend);
      const backend = new Backend({
        connection: options.connection,
        prefix: options.prefix,
        queues: options.queues,
        defaults: { maxRetries: options.worker.maxRetries, backoff: options.backoff, timeoutMs: options.timeoutMs },
        logger: new Logger('AcbQueues'),
        extra: options.backendOptions,
      });
      await backend.connect();
      return backend;
    },
    inject: [QUEUES_RESOLVED_OPTIONS],
  },
  {
    provide: TaskRegistry,
    useFactory: (options: ResolvedQueuesOptions) => {
      const registry = new TaskRegistry();
      for (const name of options.remoteTasks) registry.declareRemote(name);
      return registry;
    },
    inject: [QUEUES_RESOLVED_OPTIONS],
  },
  QueueMetrics,
  QueueManager,
  { provide: Queue, useFactory: (manager: QueueManager) => manager.queue(), inject: [QueueManager] },
  Worker,
  Scheduler,
  TaskExplorer,
  QueuesHealthIndicator,
  QueueBackendHost,
];

const CORE_EXPORTS = [Queue, Worker, Scheduler, TaskRegistry, QueuesHealthIndicator, QUEUE_BACKEND, QueueManager];

function queueProviders(names: readonly string[]): Provider[] {
  return names.map((name) => ({
    provide: getQueueToken(name),
    useFactory: (manager: QueueManager) => manager.queue(name),
    inject: [QueueManager],
  }));
}

/**
 * Task queues, workers and the scheduler.
 *
 * `forRoot(options)` / `forRootAsync({ useFactory, inject, imports })` register the backend, `Queue` (default queue),
 * `Worker`, `Scheduler`, `TaskRegistry` and `QueuesHealthIndicator`; global unless `isGlobal: false`.
 * `registerQueue(...names)` adds `@InjectQueue(name)` providers in a feature module.
 */
@Module({})
export class AcbQueuesModule extends AcbQueuesConfigurableModule {
  static forRoot(options: typeof ACB_QUEUES_OPTIONS_TYPE = {}): DynamicModule {
    return withCore(super.forRoot(options), queueProviders(options.queues ?? []));
  }

  static forRootAsync(options: typeof ACB_QUEUES_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withCore(super.forRootAsync(options), []);
  }

  /** Providers for `@InjectQueue(name)`; needs a global `forRoot` (the default). */
  static registerQueue(...names: string[]): DynamicModule {
    const providers = queueProviders(names);
    return { module: AcbQueuesFeatureModule, providers, exports: providers.map((p) => (p as { provide: string }).provide) };
  }
}

/** Holder of `registerQueue()` providers (a module of its own so the core providers are never duplicated). */
@Module({})
export class AcbQueuesFeatureModule {}

function withCore(base: DynamicModule, named: Provider[]): DynamicModule {
  return {
    ...base,
    imports: [...(base.imports ?? []), DiscoveryModule],
    providers: [...(base.providers ?? []), ...CORE_PROVIDERS, ...named],
    exports: [...(base.exports ?? []), ...CORE_EXPORTS, ...named.map((p) => (p as { provide: string }).provide)],
  };
}

export type { AcbQueuesModuleOptions };
