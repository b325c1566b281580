import type { AdapterCategory } from '../adapters.constants';
import type { AdapterClass } from '../interfaces/adapter-context.interface';
import { AdapterRegistry, assertAdapterCategory } from './adapter-registry';
import { ADAPTER_TYPES, type AdapterTypes } from './adapter-types';

/**
 * NOTE: the one piece of process-wide state in this library, by design (documented in the README): classes named
 * through `registerAdapter()` are known to every application of the process, like the built-ins. Registering only
 * adds names — which implementation an application uses stays its own choice — and a name cannot be taken twice.
 * Per-application classes go through the module's `custom` option instead.
 */
const processRegistry = new AdapterRegistry();

/** @internal The process-wide registry the adapters module extends per application. */
export function processAdapterRegistry(): AdapterRegistry {
  return processRegistry;
}

/**
 * Adds a custom implementation, selectable by name in `settings/adapters.yml` or `forRoot`:
 * `registerAdapter('cache', 'memcached', MemcachedCacheAdapter)`. The class takes `(context: AdapterContext)` and
 * may have `connect()` / `close()`; SQL adapters extend `TypeOrmSqlAdapter`.
 * @throws AdapterConfigurationError when the name is a built-in or already taken by another class.
 */
export function registerAdapter(category: AdapterCategory, name: string, adapterClass: AdapterClass): void {
  processRegistry.register(category, name, adapterClass);
}

/** The valid implementation names of `category` (built-in and registered). */
export function listAdapters(category: AdapterCategory): string[] {
  return processRegistry.names(category);
}

/**
 * The category's abstract class, usable as a type and as a Nest token (ACB's `import_adapter`):
 * `const Cache = importAdapter('cache'); constructor(@Inject(Cache) cache: InstanceType<typeof Cache>)` — or simply
 * `constructor(private cache: CacheAdapter)`.
 */
export function importAdapter<C extends AdapterCategory>(category: C): AdapterTypes[C] {
  assertAdapterCategory(category);
  return ADAPTER_TYPES[category];
}
