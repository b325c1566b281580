import { ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { Secret } from '../secret';

/** class-validator rule: the value is a `Secret` (a `${secret:NAME}` reference). */
export function IsSecret(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isSecret',
      validator: {
        validate: (value: unknown): boolean => value instanceof Secret,
        defaultMessage: buildMessage((each) => `${each}$property must be a secret (\${secret:NAME})`, options),
      },
    },
    options,
  );
}
