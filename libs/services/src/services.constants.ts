/** Metadata key of `@AcbService`. */
export const ACB_SERVICE_METADATA = 'acb:service';
/** Metadata key of `@ValidateRule` (custom validation rules by name). */
export const ACB_VALIDATION_RULE = 'acb:validation-rule';
/** Key under which the registry's health indicator reports. */
export const SERVICES_HEALTH_KEY = 'services';
/** Prefix of every repository cache key. */
export const REPOSITORY_CACHE_PREFIX = 'acb:repo';
