/** Every error and log message of the adapters library. */
export const AdaptersMessages = {
  unknownAdapter: (category: string, name: string, source: string, valid: string[]) =>
    `Unknown ${category} adapter "${name}" in ${source}; valid: ${valid.length > 0 ? valid.join(', ') : '(none registered)'}`,
  unknownCategory: (category: string, valid: readonly string[]) =>
    `Unknown adapter category "${category}"; valid: ${valid.join(', ')}`,
  invalidAdapterClass: (category: string, name: string) =>
    `Cannot register ${category} adapter "${name}": expected a class (constructor(context: AdapterContext))`,
  adapterNameTaken: (category: string, name: string) => `${category} adapter "${name}" is already registered; choose another name`,
  notStarted: (category: string) => `the ${category} adapter is not started in this application (AcbAdaptersModule "categories")`,
  invalidSettings: (category: string, name: string, cause: string) =>
    `The ${category} adapter "${name}" cannot start with its settings (settings/${category}.yml): ${cause}`,
  connectFailed: (category: string, name: string, target: string, attempts: number, cause: string) =>
    `Cannot connect the ${category} adapter "${name}" to ${target} after ${attempts} attempt${attempts === 1 ? '' : 's'}: ${cause}`,
  connectRetry: (category: string, name: string, target: string, attempt: number, attempts: number, cause: string) =>
    `${category} adapter "${name}" could not connect to ${target} (attempt ${attempt}/${attempts}): ${cause}; retrying`,
  connected: (category: string, name: string, target: string) => `${category} adapter "${name}" connected to ${target}`,
  closeFailed: (category: string, name: string, cause: string) => `Closing the ${category} adapter "${name}" failed: ${cause}`,
  pingTimeout: (category: string, name: string, timeoutMs: number) =>
    `${category} adapter "${name}" did not answer a ping within ${timeoutMs} ms`,
  notNumeric: (key: string) => `Cannot increment cache key "${key}": its value is not a number`,
  invalidTtl: (ttl: unknown) => `Invalid cache TTL ${String(ttl)}: expected a positive number of seconds`,
  invalidCacheMax: (max: unknown) => `Invalid cache max ${String(max)}: expected a positive whole number of entries`,
  notSerializable: (key: string, path: string, reason: string) =>
    `Cannot cache "${key}": ${path} ${reason}. The cache stores JSON values and Dates, and gives back exactly what was set ` +
    '(convert a Map, Set, Buffer or class instance to a plain object first)',
  metricTypeMismatch: (name: string, existing: string, requested: string) =>
    `Metric "${name}" is already registered as a ${existing}; cannot use it as a ${requested}`,
  sqlPlaceholderCount: (expected: number, given: number) =>
    `The statement has ${expected} "?" placeholder${expected === 1 ? '' : 's'} but ${given} parameter${given === 1 ? ' was' : 's were'} given`,
  millisecondsInSettings: (key: string, instead: string) =>
    `${key}: durations in settings are seconds, written without a unit suffix; write ${instead}`,
  sqlAdapterNeedsDataSource: (name: string) =>
    `The sql adapter "${name}" has no static dataSourceOptions(context): SQL adapters run on TypeORM (extend TypeOrmSqlAdapter)`,
  sqlTransactionFinished: () => 'This transaction has already finished; use the adapter passed to the current transaction',
};
