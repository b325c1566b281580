export { AcbServicesModule } from './services.module';
export { SERVICES_MODULE_OPTIONS } from './services.module-definition';
export type { AcbServicesModuleOptions, ValidationDefaults } from './interfaces/services-module-options.interface';
export { SERVICES_HEALTH_KEY } from './services.constants';

export { ServiceBase } from './service/service-base';
export { ServiceContext, type ServiceMetricSet } from './service/service-context';
export type { ServiceState, ServiceHealth, ServiceMetrics } from './service/service-state';
export { AcbService, getServiceMetadata } from './decorators/acb-service.decorator';
export type { AcbServiceOptions, AcbServiceMetadata } from './interfaces/service-metadata.interface';
export { ServiceRegistry, type ServiceInfo } from './registry/service-registry';
export { ServicesHealthIndicator } from './registry/services.health-indicator';

export { Specification, Spec, type SpecField } from './specification/specification';
export type { FieldOperator, SpecNode } from './specification/spec-node';
export { Repository, type Criteria, type RepositoryOptions } from './repository/repository';
export { RepositoryContext, type RepositoryCacheOptions, type RepositoryContextOptions } from './repository/repository-context';
export type { FindPageOptions, Page } from './repository/page.interface';
export type { LocalCacheOptions } from './repository/repository-cache';
export { UnitOfWork, UnitOfWorkSession, type UnitOfWorkOptions } from './repository/unit-of-work';

export { ValidationService, type ValidateOptions, type ValidationManyResult } from './validation/validation.service';
export { ValidateInput, type ValidateInputOptions } from './validation/validate-input.decorator';
export { ValidateRule } from './validation/validate-rule.decorator';
export type { ValidationRule } from './validation/validation-rule.interface';
export { SANITIZE_POLICIES, type SanitizePolicyName } from './validation/sanitize-policies';
export type { FieldError, ValidationResult } from './validation/validation-result.interface';

export { retryAsync } from './resilience/retry';
export { Retry } from './resilience/retry.decorator';
export type { RetryAsyncOptions, RetryInfo } from './resilience/retry-options.interface';
export { withTimeout } from './resilience/timeout';
export { CircuitBreaker, type CircuitStateListener } from './resilience/circuit-breaker';
export { Bulkhead } from './resilience/bulkhead';
export { ResilienceRegistry } from './resilience/resilience.registry';
export { UseCircuitBreaker } from './resilience/use-circuit-breaker.decorator';
export type {
  CircuitBreakerOptions,
  CircuitBreakerState,
  CircuitBreakerStats,
  BulkheadOptions,
} from './resilience/circuit-breaker.interface';

export { ServiceError, type ServiceErrorOptions } from './errors/service.error';
export { NotFoundError } from './errors/not-found.error';
export { ServiceValidationError } from './errors/service-validation.error';
export { ConflictError } from './errors/conflict.error';
export { ExternalServiceError } from './errors/external-service.error';
export { TimeoutError } from './errors/timeout.error';
export { CircuitOpenError } from './errors/circuit-open.error';
export { BulkheadRejectedError } from './errors/bulkhead-rejected.error';
export { ServiceRegistryError } from './errors/service-registry.error';
export { SpecificationError } from './errors/specification.error';
export { ServicesConfigurationError } from './errors/configuration.error';
export { ServiceErrorFilter, httpStatusOf, type ServiceErrorBody } from './errors/service-error.filter';
