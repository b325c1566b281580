import { ACB_TASK_OWNER_METADATA } from '../queues.constants';

/**
 * Wraps a method decorator so that it also marks the method's class (its prototype) as declaring tasks or
 * schedules. The explorer then reads one metadata entry per provider instead of two per method of every provider.
 */
export function markingTaskOwner(decorator: MethodDecorator): MethodDecorator {
  return (target, key, descriptor) => {
    Reflect.defineMetadata(ACB_TASK_OWNER_METADATA, true, target);
    return decorator(target, key, descriptor);
  };
}

/** True when the prototype, or one it inherits from, declares a task or schedule method. */
export function declaresTasks(prototype: object): boolean {
  return Reflect.getMetadata(ACB_TASK_OWNER_METADATA, prototype) === true;
}
