/** One failing field: `path` is dotted for nested objects and indexed for arrays (`items[0].name`). */
export interface FieldError {
  path: string;
  /** Rule name -> message, e.g. `{ isEmail: 'email must be an email' }`. */
  constraints: Record<string, string>;
}

/** The outcome of `ValidationService.validate`: on success `value` is the transformed schema instance. */
export type ValidationResult<T> =
  | { isValid: true; errors: []; value: T }
  | { isValid: false; errors: FieldError[]; value: undefined };
