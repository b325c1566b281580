import { applyDecorators, Injectable, SetMetadata } from '@nestjs/common';
import { ACB_SERVICE_METADATA } from '../services.constants';
import type { AcbServiceMetadata, AcbServiceOptions } from '../interfaces/service-metadata.interface';

/**
 * Declares a service (a `ServiceBase` subclass) for the `ServiceRegistry`: it is discovered at start, started
 * after its `dependsOn` and stopped before them. Implies `@Injectable()`.
 *
 * ```ts
 * @AcbService({ name: 'users', capabilities: ['users'], dependsOn: ['audit'] })
 * export class UserService extends ServiceBase { ... }
 * ```
 */
export function AcbService(options: AcbServiceOptions): ClassDecorator {
  const metadata: AcbServiceMetadata = {
    name: options.name,
    version: options.version ?? '1.0.0',
    capabilities: [...(options.capabilities ?? [])],
    dependsOn: [...(options.dependsOn ?? [])],
    priority: options.priority ?? 0,
    description: options.description,
  };
  return applyDecorators(Injectable(), SetMetadata(ACB_SERVICE_METADATA, metadata));
}

/** The `@AcbService` metadata declared on `target` itself (not inherited from a decorated parent). */
export function getServiceMetadata(target: object): AcbServiceMetadata | undefined {
  return Reflect.getOwnMetadata(ACB_SERVICE_METADATA, target) as AcbServiceMetadata | undefined;
}
