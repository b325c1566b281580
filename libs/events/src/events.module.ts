import {
  Inject,
  Module,
  Optional,
  type BeforeApplicationShutdown,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import type Redis from 'ioredis';
import { redactError, requireOptionalPeer } from '@acb/common';
import { ACB_DEAD_LETTER_BACKEND, ACB_EVENT_TRANSPORT, ACB_EVENTS_RESOLVED_OPTIONS } from './events.constants';
import {
  ACB_EVENTS_ASYNC_OPTIONS_TYPE,
  ACB_EVENTS_MODULE_OPTIONS,
  ACB_EVENTS_OPTIONS_TYPE,
  AcbEventsConfigurableModule,
} from './events.module-definition';
import { DeadLetterStore } from './dead-letters/dead-letter.store';
import { MemoryDeadLetterBackend } from './dead-letters/memory-dead-letter.backend';
import { RedisDeadLetterBackend } from './dead-letters/redis-dead-letter.backend';
import { EventDispatcher } from './event.dispatcher';
import { EventHandlerExplorer } from './event-handler.explorer';
import { EventHandlerRegistry } from './event-handler.registry';
import { EventPublisher } from './event.publisher';
import { EventSubscriber } from './event.subscriber';
import { EventEmitterBridge } from './interop/event-emitter.bridge';
import type { AcbEventsModuleOptions, ResolvedEventsOptions } from './interfaces/events-module-options.interface';
import { resolveEventsOptions } from './resolve-events-options';
import type { EventTransport } from './transports/event-transport.interface';
import { LocalEventTransport } from './transports/local.transport';
import { RedisEventTransport } from './transports/redis.transport';

/** The command connection of the redis transport (null on local). */
const ACB_EVENTS_REDIS = Symbol('ACB_EVENTS_REDIS');

/**
 * Pub/sub between components: `EventPublisher`, `EventSubscriber`, `@OnAcbEvent` handlers, `DeadLetterStore`.
 *
 * ```ts
 * AcbEventsModule.forRoot()   // local transport, 3 retries per handler
 * AcbEventsModule.forRootAsync({ inject: [AcbConfig], useFactory: (c: AcbConfig) => eventsOptionsFromSettings(c.section('events', EventsSettings)) })
 * ```
 * Global, as every ACB module: `EventPublisher`, `EventSubscriber` and `DeadLetterStore` are injectable everywhere.
 * Lifecycle: handlers are discovered in `onModuleInit`, consumers start in `onApplicationBootstrap`, reading stops
 * and in-flight deliveries finish in `beforeApplicationShutdown`, connections close in `onApplicationShutdown`.
 */
@Module({
  imports: [DiscoveryModule],
  providers: [
    {
      provide: ACB_EVENTS_RESOLVED_OPTIONS,
      inject: [ACB_EVENTS_MODULE_OPTIONS],
      useFactory: (options: AcbEventsModuleOptions) => resolveEventsOptions(options),
    },
    {
      provide: ACB_EVENTS_REDIS,
      inject: [ACB_EVENTS_RESOLVED_OPTIONS],
      useFactory: (options: ResolvedEventsOptions) => {
        if (!options.redis) return null;
        const { Redis: RedisClient } = requireOptionalPeer<typeof import('ioredis')>('ioredis', 'the redis event transport', () => require('ioredis'));
        try {
          return new RedisClient(options.redis.url, { maxRetriesPerRequest: 3 });
        } catch (error) {
          // NOTE: a malformed URL throws with the whole URL (password included) in the error.
          throw redactError(error);
        }
      },
    },
    {
      provide: ACB_DEAD_LETTER_BACKEND,
      inject: [ACB_EVENTS_RESOLVED_OPTIONS, ACB_EVENTS_REDIS],
      useFactory: (options: ResolvedEventsOptions, redis: Redis | null) =>
        options.redis && redis
          ? new RedisDeadLetterBackend(redis, `${options.redis.streamPrefix}:dead:${options.appName}`)
          : new MemoryDeadLetterBackend(),
    },
    {
      provide: ACB_EVENT_TRANSPORT,
      inject: [ACB_EVENTS_RESOLVED_OPTIONS, ACB_EVENTS_REDIS, EventHandlerRegistry, EventDispatcher],
      useFactory: (options: ResolvedEventsOptions, redis: Redis | null, registry: EventHandlerRegistry, dispatcher: EventDispatcher) =>
        options.redis && redis
          ? new RedisEventTransport(options.redis, redis, registry, dispatcher, options.shutdownTimeoutMs)
          : new LocalEventTransport(registry, dispatcher),
    },
    EventHandlerRegistry,
    EventDispatcher,
    EventPublisher,
    EventSubscriber,
    DeadLetterStore,
    EventHandlerExplorer,
    EventEmitterBridge,
  ],
  exports: [EventPublisher, EventSubscriber, DeadLetterStore],
})
export class AcbEventsModule
  extends AcbEventsConfigurableModule
  implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown
{
  constructor(
    @Inject(ACB_EVENTS_RESOLVED_OPTIONS) private readonly options: ResolvedEventsOptions,
    @Inject(ACB_EVENT_TRANSPORT) private readonly transport: EventTransport,
    @Optional() @Inject(ACB_EVENTS_REDIS) private readonly redis: Redis | null,
  ) {
    super();
  }

  /** @see AcbEventsModuleOptions for the options and their defaults. */
  static override forRoot(options: typeof ACB_EVENTS_OPTIONS_TYPE = {}): DynamicModule {
    return { ...super.forRoot(options), global: true };
  }

  /** Options from a factory (`useFactory` + `inject` + `imports`, or `useClass` / `useExisting`); defaults merged alike. */
  static override forRootAsync(options: typeof ACB_EVENTS_ASYNC_OPTIONS_TYPE): DynamicModule {
    return { ...super.forRootAsync(options), global: true };
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.transport.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.transport.stop(this.options.shutdownTimeoutMs);
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.redis && this.redis.status !== 'end') await this.redis.quit().catch(() => this.redis?.disconnect());
  }
}
