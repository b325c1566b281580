import { redactError } from '@acb/common';
import {
  DynamicModule,
  Logger,
  Module,
  Provider,
  type InjectionToken,
  type ModuleMetadata,
  type OptionalFactoryDependency,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { loadQueueBackendClass } from './backends/backend.loader';
import { queueNamesAskedFor } from './decorators/inject-queue.decorator';
import type { QueueBackend } from './interfaces/queue-backend.interface';
import type { AcbQueuesModuleOptions } from './interfaces/queues-module-options.interface';
import type { QueueProcessingOptions } from './interfaces/task-handler.interface';
import { TaskEvents } from './events/task-events';
import { Queue } from './queue';
import { QueueBackendHost } from './queue-backend.host';
import { bullQueueProviders } from './interop/bullmq-queue.providers';
import { SchedulerRegistryBridge } from './interop/scheduler-registry.bridge';
import { QueueManager } from './queue.manager';
import { QueueMetrics } from './queue-metrics';
import {
  ACB_QUEUES_ASYNC_OPTIONS_TYPE,
  ACB_QUEUES_OPTIONS,
  ACB_QUEUES_OPTIONS_TYPE,
  AcbQueuesConfigurableModule,
} from './queues.module-definition';
import { QueuesHealthIndicator } from './queues.health';
import { resolveQueuesOptions, unique, type ResolvedQueuesOptions } from './queues-options.resolver';
import { getQueueToken, QUEUE_BACKEND, QUEUES_RESOLVED_OPTIONS } from './queues.tokens';
import { DEFAULT_QUEUE } from './queues.constants';
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
      // NOTE: the connection holds a URL with its password: nothing thrown at start may show it.
      try {
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
      } catch (error) {
        throw redactError(error);
      }
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
  TaskEvents,
  SchedulerRegistryBridge,
];

const CORE_EXPORTS = [Queue, Worker, Scheduler, TaskRegistry, QueuesHealthIndicator, QUEUE_BACKEND, QueueManager, TaskEvents];

function queueProviders(names: readonly string[]): Provider[] {
  return unique(names).map((name) => ({
    provide: getQueueToken(name),
    useFactory: (manager: QueueManager) => manager.queue(name),
    inject: [QueueManager],
  }));
}

/** Both spellings of every name: ACB's Queue facade and, for @nestjs/bullmq and Bull Board, the BullMQ Queue. */
function namedProviders(names: readonly string[], bullNames: readonly string[] = names): Provider[] {
  return [...queueProviders(names), ...bullQueueProviders(bullNames)];
}

/**
 * Task queues, workers and the scheduler.
 *
 * `forRoot(options)` / `forRootAsync({ useFactory | useClass | useExisting, inject, imports })` register the backend,
 * `Queue` (default queue), `Worker`, `Scheduler`, `TaskRegistry` and `QueuesHealthIndicator`, and a
 * `@InjectQueue(name)` provider for every name in `options.queues` and every name a class asks for with
 * `@InjectQueue`. On redis the same names (and the default queue) are also registered the @nestjs/bullmq way, under
 * its `getQueueToken(name)`, holding the BullMQ Queue ACB uses (see the README, "Beside @nestjs/bullmq"). Global, as every ACB module. On the memory backend the worker and the scheduler run in this
 * process by default (`runWorker`).
 */
@Module({})
export class AcbQueuesModule extends AcbQueuesConfigurableModule {
  static forRoot(options: typeof ACB_QUEUES_OPTIONS_TYPE = {}): DynamicModule {
    const names = [...(options.queues ?? []), ...queueNamesAskedFor()];
    // NOTE: on a backend known not to be BullMQ, @nestjs/bullmq's tokens stay free for the app's own BullModule queues.
    const bullNames = options.backend === 'redis' ? [options.defaultQueue ?? DEFAULT_QUEUE, ...names] : [];
    return withCore(super.forRoot(options), namedProviders(names, bullNames));
  }

  static forRootAsync(options: typeof ACB_QUEUES_ASYNC_OPTIONS_TYPE): DynamicModule {
    const names = queueNamesAskedFor();
    return withCore(super.forRootAsync(options), namedProviders(names, [DEFAULT_QUEUE, ...names]));
  }

  /**
   * Per-queue processing options from a factory (as @nestjs/bullmq's `registerQueueAsync`): `concurrency` and
   * `rateLimit` of each named queue in this process's worker, plus its `@InjectQueue(name)` provider. The factories
   * run while the application initialises, before the worker starts.
   *
   * @example AcbQueuesModule.registerQueueAsync({ name: 'emails', imports: [ConfigModule], inject: [ConfigService],
   *   useFactory: (config: ConfigService) => ({ concurrency: config.get('EMAIL_CONCURRENCY'), rateLimit: { max: 100, durationMs: 1000 } }) })
   */
  static registerQueueAsync(...registrations: QueueAsyncRegistration[]): DynamicModule {
    const providers: Provider[] = registrations.flatMap((registration) => {
      const optionsToken = `AcbQueueProcessingOptions:${registration.name}`;
      return [
        {
          provide: optionsToken,
          useFactory: async (registry: TaskRegistry, ...deps: unknown[]) => {
            const options = await registration.useFactory(...deps);
            registry.setQueueOptions(registration.name, options, 'AcbQueuesModule.registerQueueAsync');
            return options;
          },
          inject: [TaskRegistry, ...(registration.inject ?? [])],
        },
        {
          provide: getQueueToken(registration.name),
          useFactory: (manager: QueueManager) => manager.queue(registration.name),
          inject: [QueueManager, optionsToken],
        },
      ];
    });
    return {
      module: AcbQueuesFeatureModule,
      imports: registrations.flatMap((registration) => registration.imports ?? []),
      providers,
      exports: registrations.map((registration) => getQueueToken(registration.name)),
    };
  }

  /**
   * Providers for `@Inject(getQueueToken(name))` (and, on redis, @nestjs/bullmq's `@InjectQueue(name)`) in a module
   * loaded after the root module was built, or for queues only forRootAsync's options name.
   */
  static registerQueue(...names: string[]): DynamicModule {
    const providers = namedProviders(names);
    return { module: AcbQueuesFeatureModule, providers, exports: providers.map((p) => (p as { provide: string }).provide) };
  }
}

/** One queue of `registerQueueAsync`: its name and a factory of its processing options. */
export interface QueueAsyncRegistration {
  name: string;
  imports?: ModuleMetadata['imports'];
  inject?: Array<InjectionToken | OptionalFactoryDependency>;
  useFactory: (...args: any[]) => QueueProcessingOptions | Promise<QueueProcessingOptions>;
}

/** Holder of `registerQueue()` providers (a module of its own so the core providers are never duplicated). */
@Module({})
export class AcbQueuesFeatureModule {}

function withCore(base: DynamicModule, named: Provider[]): DynamicModule {
  return {
    ...base,
    global: true,
    imports: [...(base.imports ?? []), DiscoveryModule],
    providers: [...(base.providers ?? []), ...CORE_PROVIDERS, ...named],
    exports: [...(base.exports ?? []), ...CORE_EXPORTS, ...named.map((p) => (p as { provide: string }).provide)],
  };
}

export type { AcbQueuesModuleOptions };
