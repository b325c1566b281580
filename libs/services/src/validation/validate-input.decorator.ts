import type { Type } from '@nestjs/common';
import { ServiceValidationError } from '../errors/service-validation.error';
import { wrapMethod } from '../utils/wrap-method';
import { ValidationService, type ValidateOptions } from './validation.service';

export interface ValidateInputOptions extends ValidateOptions {
  /** Which argument to validate. @default 0 */
  argument?: number;
}

const fallbackValidation = new ValidationService();

function validationOf(instance: unknown): ValidationService {
  try {
    const own = (instance as { validation?: unknown } | undefined)?.validation;
    return own instanceof ValidationService ? own : fallbackValidation;
  } catch {
    // NOTE: a ServiceBase built outside Nest has no context; the default service (no custom rules) applies.
    return fallbackValidation;
  }
}

/**
 * Validates one argument of a service method against `schema` before the method runs: on failure it throws a
 * `ServiceValidationError` listing every field; on success the method receives the transformed (and whitelisted) instance.
 * Uses the instance's `validation` (a `ServiceBase`'s, with its custom rules) when there is one. The method
 * becomes async.
 */
export function ValidateInput(schema: Type<object>, options: ValidateInputOptions = {}): MethodDecorator {
  const { argument = 0, ...validateOptions } = options;
  return (_target, _key, descriptor: PropertyDescriptor) =>
    wrapMethod(descriptor, (original) =>
      async function (this: unknown, ...args: unknown[]) {
        const result = await validationOf(this).validate(args[argument], schema, validateOptions);
        if (!result.isValid) throw new ServiceValidationError(result.errors);
        const next = [...args];
        next[argument] = result.value;
        return original.apply(this, next);
      },
    );
}
