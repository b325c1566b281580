import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import { declaresEventHandlers } from './decorators/event-handler-metadata.accessor';
import { collectEventHandlers } from './discover-event-handlers';
import { EventHandlerRegistry } from './event-handler.registry';
import { EventsMessages } from './events.messages';

/**
 * Finds `@OnAcbEvent` methods on the application's providers and controllers when modules initialise.
 * Request-scoped (or otherwise non-static) providers are warned about and skipped: an event has no request
 * to build them for.
 */
@Injectable()
export class EventHandlerExplorer implements OnModuleInit {
  private readonly logger = new Logger('AcbEvents');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly registry: EventHandlerRegistry,
  ) {}

  onModuleInit(): void {
    const wrappers: InstanceWrapper[] = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const wrapper of wrappers) {
      if (!mayDeclareHandlers(wrapper)) continue;
      if (!wrapper.isDependencyTreeStatic()) {
        this.warnSkipped(wrapper);
        continue;
      }
      const instance: unknown = wrapper.instance;
      if (!instance || typeof instance !== 'object') continue;
      for (const handler of collectEventHandlers(instance, this.scanner)) {
        this.registry.register(handler.patterns, handler.handler, handler.options, handler.owner);
      }
    }
  }

  private warnSkipped(wrapper: InstanceWrapper): void {
    const prototype = (wrapper.metatype as { prototype?: object } | null | undefined)?.prototype;
    if (!prototype || typeof wrapper.metatype !== 'function') return;
    const handlers = collectEventHandlers(Object.create(prototype) as object, this.scanner);
    for (const handler of handlers) this.logger.warn(EventsMessages.requestScopedSkipped(handler.owner));
  }
}

/**
 * Whether the provider's class (from its instance, or its metatype when it has none yet) carries the mark
 * `@OnAcbEvent` leaves; one metadata read per provider instead of one per method.
 */
function mayDeclareHandlers(wrapper: InstanceWrapper): boolean {
  const instance: unknown = wrapper.instance;
  if (instance && typeof instance === 'object') {
    const prototype = Object.getPrototypeOf(instance) as object | null;
    if (prototype && declaresEventHandlers(prototype)) return true;
  }
  const prototype = (wrapper.metatype as { prototype?: unknown } | null | undefined)?.prototype;
  return typeof wrapper.metatype === 'function' && !!prototype && typeof prototype === 'object' && declaresEventHandlers(prototype);
}
