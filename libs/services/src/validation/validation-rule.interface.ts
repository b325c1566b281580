/** A custom validation rule, registered with `ValidationService.registerRule(name, rule)`. */
export interface ValidationRule {
  /** Whether `value` passes; may be async (e.g. a uniqueness check). */
  validate(value: unknown, context: { object: object; property: string; options?: unknown }): boolean | Promise<boolean>;
  /** The message on failure. @default '<property> does not satisfy rule "<name>"' */
  message?: string | ((property: string) => string);
}
