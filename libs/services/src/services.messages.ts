/** Every error and log message of the services library. */
export const ServicesMessages = {
  duplicateService: (name: string) => `Service "${name}" is registered twice; service names must be unique`,
  serviceNotRegistered: (name: string, known: string[]) =>
    `Service "${name}" is not registered (registered: ${known.length > 0 ? known.join(', ') : 'none'})`,
  missingDependency: (service: string, missing: string[]) =>
    `Service "${service}" depends on ${missing.map((name) => `"${name}"`).join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not registered (or disabled)`,
  dependencyCycle: (cycle: string[]) => `Service dependency cycle: ${cycle.join(' -> ')}`,
  notAService: (name: string) => `${name} has no @AcbService() metadata; decorate it before registering it`,
  serviceStarting: (name: string) => `Starting service "${name}"`,
  serviceStarted: (name: string, ms: number) => `Service "${name}" active (${ms} ms)`,
  serviceStartFailed: (name: string, reason: string) => `Service "${name}" failed to start: ${reason}`,
  serviceStopFailed: (name: string, reason: string) => `Service "${name}" failed to stop cleanly: ${reason}`,
  serviceStopped: (name: string) => `Service "${name}" stopped`,
  serviceDisabled: (name: string) => `Service "${name}" is disabled by configuration and will not start`,
  requestScopedService: (name: string) =>
    `Service "${name}" is request-scoped or transient; the registry only manages singletons and skips it`,
  dependencyNotActive: (service: string, dependency: string, state: string) =>
    `Service "${service}" cannot start: its dependency "${dependency}" is ${state}`,
  notAvailable: (what: string, hint: string) => `${what} is not available to this service: ${hint}`,
  noDataSource: () =>
    'Repositories need a TypeORM DataSource: pass AcbServicesModule.forRoot({ dataSource }) or import the adapters module with an sql adapter',
  noPrimaryColumn: (entity: string) => `Entity ${entity} has no primary column`,
  undefinedCriteria: (entity: string, field: string) =>
    `Criteria for ${entity} has "${field}: undefined"; TypeORM would silently drop it and match every row. Pass null for IS NULL or omit the field`,
  notFound: (resource: string, id: unknown) => `${resource} ${JSON.stringify(id)} not found`,
  validationFailed: (fields: string[]) => `Validation failed for ${fields.length > 0 ? fields.join(', ') : 'input'}`,
  unknownRule: (name: string, known: string[]) =>
    `Unknown validation rule "${name}" (registered: ${known.length > 0 ? known.join(', ') : 'none'})`,
  ruleFailed: (name: string, property: string) => `${property} does not satisfy rule "${name}"`,
  notExpressibleInNoSql: (what: string) =>
    `Specification cannot be expressed in the nosql query language: ${what}. Filter in memory with isSatisfiedBy() instead`,
  conflictingNoSqlCondition: (field: string, operator: string) =>
    `Specification puts ${operator} on "${field}" twice in one AND; the nosql query language keeps one value per operator`,
  tooManyBranches: (count: number, max: number) =>
    `Specification expands to ${count} OR branches (max ${max}); simplify it or query with the query builder`,
  emptyOr: () => 'or() needs at least one specification',
  timeout: (operation: string, ms: number) => `${operation} timed out after ${ms} ms`,
  circuitOpen: (name: string) => `Circuit breaker "${name}" is open; calls are rejected until it half-opens`,
  circuitState: (name: string, from: string, to: string) => `Circuit breaker "${name}": ${from} -> ${to}`,
  bulkheadRejected: (name: string, limit: number, queue: number) =>
    `Bulkhead "${name}" is full (${limit} running, ${queue} queued); call rejected`,
  externalService: (service: string, reason: string) => `External service "${service}" failed: ${reason}`,
  retrying: (attempt: number, max: number, delayMs: number, reason: string) =>
    `Attempt ${attempt}/${max} failed (${reason}); retrying in ${delayMs} ms`,
};
