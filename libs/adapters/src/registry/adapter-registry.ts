import { ADAPTER_CATEGORIES, type AdapterCategory } from '../adapters.constants';
import { AdaptersMessages } from '../adapters.messages';
import { AdapterConfigurationError } from '../errors/adapter-configuration.error';
import { UnknownAdapterCategoryError } from '../errors/unknown-adapter-category.error';
import { UnknownAdapterError } from '../errors/unknown-adapter.error';
import type { AdapterClass } from '../interfaces/adapter-context.interface';
import { BUILTIN_ADAPTERS } from './builtin-adapters';

/** Throws unless `category` is one of the five. */
export function assertAdapterCategory(category: string): asserts category is AdapterCategory {
  if (!(ADAPTER_CATEGORIES as readonly string[]).includes(category)) throw new UnknownAdapterCategoryError(category);
}

/**
 * Name -> implementation class per category: the built-ins (loaded lazily) plus registered classes.
 * One process-wide instance backs `registerAdapter`; each application resolves through a copy of it extended with
 * its own `custom` option, so what one application adds is invisible to another.
 */
export class AdapterRegistry {
  private readonly registered = new Map<string, AdapterClass>();

  /** Adds a class under `category`/`name`. Registering the same class again is a no-op; a different one throws. */
  register(category: string, name: string, adapterClass: AdapterClass): void {
    assertAdapterCategory(category);
    if (typeof adapterClass !== 'function' || typeof name !== 'string' || name.length === 0) {
      throw new AdapterConfigurationError(AdaptersMessages.invalidAdapterClass(category, String(name)));
    }
    const key = `${category}:${name}`;
    const existing = this.registered.get(key);
    if (Object.hasOwn(BUILTIN_ADAPTERS[category], name) || (existing && existing !== adapterClass)) {
      throw new AdapterConfigurationError(AdaptersMessages.adapterNameTaken(category, name));
    }
    this.registered.set(key, adapterClass);
  }

  /** A copy with `additions` on top (they may replace built-ins: an explicit per-application choice). */
  extend(additions: ReadonlyArray<{ category: AdapterCategory; name: string; use: AdapterClass }> = []): AdapterRegistry {
    const copy = new AdapterRegistry();
    for (const [key, value] of this.registered) copy.registered.set(key, value);
    for (const addition of additions) {
      assertAdapterCategory(addition.category);
      if (typeof addition.use !== 'function') {
        throw new AdapterConfigurationError(AdaptersMessages.invalidAdapterClass(addition.category, addition.name));
      }
      copy.registered.set(`${addition.category}:${addition.name}`, addition.use);
    }
    return copy;
  }

  /** Every valid name of `category`: built-ins first, then registered ones, each once. */
  names(category: string): string[] {
    assertAdapterCategory(category);
    const registered = [...this.registered.keys()]
      .filter((key) => key.startsWith(`${category}:`))
      .map((key) => key.slice(category.length + 1));
    return [...new Set([...Object.keys(BUILTIN_ADAPTERS[category]), ...registered])];
  }

  /**
   * The class for `name`, loading a built-in's module now.
   * @param source where the name came from, for the error (`settings/adapters.yml`).
   * @throws UnknownAdapterError listing the valid names.
   */
  resolve(category: string, name: string, source: string): AdapterClass {
    assertAdapterCategory(category);
    const registered = this.registered.get(`${category}:${name}`);
    if (registered) return registered;
    if (Object.hasOwn(BUILTIN_ADAPTERS[category], name)) return BUILTIN_ADAPTERS[category][name]();
    throw new UnknownAdapterError(category, name, source, this.names(category));
  }
}
