import { MetadataScanner } from '@nestjs/core';
import type { EventPatternInput } from './acb-event';
import { getEventHandlerMetadata } from './decorators/event-handler-metadata.accessor';
import type { EventHandlerFn, EventHandlerOptions } from './interfaces/event-handler.interface';

/** A handler found on an object's `@OnAcbEvent` methods, ready for `EventSubscriber.register`. */
export interface DiscoveredEventHandler {
  patterns: EventPatternInput;
  /** The method bound to its instance. */
  handler: EventHandlerFn;
  options: EventHandlerOptions;
  /** `ClassName.method`: the default handler name and what errors name. */
  owner: string;
}

/** Lists the `@OnAcbEvent` methods of one instance (used by the explorer and by `discoverEventHandlers`). */
export function collectEventHandlers(instance: object, scanner: MetadataScanner = new MetadataScanner()): DiscoveredEventHandler[] {
  const prototype = Object.getPrototypeOf(instance) as object | null;
  if (!prototype) return [];
  const className = (instance.constructor as { name?: string } | undefined)?.name ?? 'Object';
  const found: DiscoveredEventHandler[] = [];
  for (const methodName of scanner.getAllMethodNames(prototype)) {
    const method = (instance as Record<string, unknown>)[methodName];
    const metadata = getEventHandlerMetadata(method);
    if (!metadata) continue;
    found.push({
      patterns: metadata.patterns,
      handler: (method as (...args: unknown[]) => unknown).bind(instance) as EventHandlerFn,
      options: metadata.options,
      owner: `${className}.${methodName}`,
    });
  }
  return found;
}

/** Something `discoverEventHandlers` can scan: a class, an instance, or a module namespace of classes. */
export type EventHandlerSource = object | (new () => object);

/**
 * Finds `@OnAcbEvent` handlers outside the DI graph (the seed's `discover_event_handlers("myapp.events")`).
 * Accepts classes (instantiated with no arguments), instances (used as they are) and module namespaces
 * (`await import('./handlers')`: every exported class with `@OnAcbEvent` methods). Register the result with
 * `EventSubscriber.register(handlers)`.
 */
export function discoverEventHandlers(sources: EventHandlerSource | ReadonlyArray<EventHandlerSource>): DiscoveredEventHandler[] {
  const scanner = new MetadataScanner();
  const list = Array.isArray(sources) ? sources : [sources];
  return list.flatMap((source: EventHandlerSource) => {
    if (typeof source === 'function') return collectEventHandlers(new (source as new () => object)(), scanner);
    if (isNamespace(source)) {
      return Object.values(source)
        .filter((value): value is new () => object => typeof value === 'function' && hasHandlers(value, scanner))
        .flatMap((cls) => collectEventHandlers(new cls(), scanner));
    }
    return collectEventHandlers(source, scanner);
  });
}

function isNamespace(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === null || prototype === Object.prototype;
}

function hasHandlers(cls: { prototype?: object }, scanner: MetadataScanner): boolean {
  const prototype = cls.prototype;
  if (!prototype) return false;
  return scanner
    .getAllMethodNames(prototype)
    .some((name) => getEventHandlerMetadata((prototype as Record<string, unknown>)[name]) !== undefined);
}
