import { ValidateBy, type ValidationOptions } from 'class-validator';
import { ServicesConfigurationError } from '../errors/configuration.error';
import { ServicesMessages } from '../services.messages';
import { ruleScope } from './rule-scope';

/**
 * Applies the custom rule `name` (registered on the `ValidationService` doing the validation) to a schema property.
 * `options` reaches the rule as `context.options`. An unregistered name fails the validation call with a clear error.
 */
export function ValidateRule(name: string, options?: unknown, validationOptions?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name,
      constraints: [options],
      validator: {
        validate(value, args) {
          const rules = ruleScope.getStore();
          const rule = rules?.get(name);
          if (!rule || !args) {
            throw new ServicesConfigurationError(ServicesMessages.unknownRule(name, rules ? [...rules.keys()] : []));
          }
          return rule.validate(value, { object: args.object, property: args.property, options });
        },
        defaultMessage(args) {
          const rule = ruleScope.getStore()?.get(name);
          const property = args?.property ?? 'value';
          if (typeof rule?.message === 'function') return rule.message(property);
          return rule?.message ?? ServicesMessages.ruleFailed(name, property);
        },
      },
    },
    validationOptions,
  );
}
