import { ServicesConfigurationError } from '../errors/configuration.error';
import { ServicesMessages } from '../services.messages';
import { wrapMethod } from '../utils/wrap-method';
import type { CircuitBreakerOptions } from './circuit-breaker.interface';
import { ResilienceRegistry } from './resilience.registry';

/**
 * Runs the decorated method through the circuit breaker `name` of the instance's `resilience` registry (a
 * `ServiceBase` has one), so every call and every instance share that breaker's state.
 */
export function UseCircuitBreaker(name: string, options: CircuitBreakerOptions = {}): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) =>
    wrapMethod(descriptor, (original) =>
      async function (this: unknown, ...args: unknown[]) {
        const registry = (this as { resilience?: unknown }).resilience;
        if (!(registry instanceof ResilienceRegistry)) {
          throw new ServicesConfigurationError(
            ServicesMessages.notAvailable('resilience', 'extend ServiceBase and import AcbServicesModule, or expose a ResilienceRegistry as `resilience`'),
          );
        }
        return registry.circuitBreaker(name, options).execute(() => original.apply(this, args));
      },
    );
}
