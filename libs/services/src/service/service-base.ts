import { Inject, Logger, Optional } from '@nestjs/common';
import type { CacheAdapter } from '@acb/adapters';
import type { EventPublisher } from '@acb/events';
import type { Queue } from '@acb/queues';
import { getServiceMetadata } from '../decorators/acb-service.decorator';
import { ServicesConfigurationError } from '../errors/configuration.error';
import type { AcbServiceMetadata } from '../interfaces/service-metadata.interface';
import type { ResilienceRegistry } from '../resilience/resilience.registry';
import { ServicesMessages } from '../services.messages';
import type { ValidationService } from '../validation/validation.service';
import { ServiceContext } from './service-context';
import type { ServiceHealth, ServiceMetrics, ServiceState } from './service-state';

const NOT_INSTRUMENTED = new Set([
  'constructor',
  'onInit',
  'onShutdown',
  'checkHealth',
  'onModuleInit',
  'onApplicationBootstrap',
  'onModuleDestroy',
  'beforeApplicationShutdown',
  'onApplicationShutdown',
]);

type Method = (...args: unknown[]) => unknown;

/**
 * Base class of business services. Extend it, decorate with `@AcbService`, and get:
 * - lifecycle `inactive -> initializing -> active -> stopping -> stopped` (`error` when a step throws), driven by
 *   the `ServiceRegistry` from Nest's hooks in dependency order; override `onInit` / `onShutdown`;
 * - `health()` (override `checkHealth` to add checks and details);
 * - call and error counts of every method declared on the subclass, plus `incrementMetric` / `setMetric`,
 *   exported through the monitoring adapter when there is one;
 * - `this.events`, `this.queue`, `this.validation`, `this.cache`, `this.resilience`, `this.logger` without
 *   constructor wiring (one `ServiceContext` property-injected here).
 */
export abstract class ServiceBase {
  @Optional()
  @Inject(ServiceContext)
  private acbServiceContext?: ServiceContext;

  private serviceState: ServiceState = 'inactive';
  private serviceError?: unknown;
  private serviceLogger?: Logger;
  private readonly counters: ServiceMetrics = { calls: 0, errors: 0, methods: {}, custom: {} };

  constructor() {
    this.instrumentMethods();
  }

  /** `@AcbService` metadata, or defaults named after the class for an undecorated subclass. */
  get serviceMetadata(): AcbServiceMetadata {
    return (
      getServiceMetadata(this.constructor) ?? {
        name: this.constructor.name,
        version: '1.0.0',
        capabilities: [],
        dependsOn: [],
        priority: 0,
      }
    );
  }

  get serviceName(): string {
    return this.serviceMetadata.name;
  }

  get state(): ServiceState {
    return this.serviceState;
  }

  /** The error that put the service in `error`, if any. */
  get lastError(): unknown {
    return this.serviceError;
  }

  /** A Nest logger named after the service (pino underneath when nestjs-pino is the app logger). */
  protected get logger(): Logger {
    this.serviceLogger ??= new Logger(this.serviceName);
    return this.serviceLogger;
  }

  /** The event publisher. @throws ServicesConfigurationError without `AcbEventsModule` */
  protected get events(): EventPublisher {
    return this.require('events', 'import AcbEventsModule.forRoot()');
  }

  /** The default queue. @throws ServicesConfigurationError without `AcbQueuesModule` */
  protected get queue(): Queue {
    return this.require('queue', 'import AcbQueuesModule.forRoot()');
  }

  /** The cache adapter. @throws ServicesConfigurationError without a cache adapter */
  protected get cache(): CacheAdapter {
    return this.require('cache', 'import the adapters module with a cache adapter');
  }

  /** Validation and sanitizing, with the application's custom rules. */
  get validation(): ValidationService {
    return this.require('validation', 'import AcbServicesModule.forRoot()');
  }

  /** Named circuit breakers and bulkheads shared by the application. */
  get resilience(): ResilienceRegistry {
    return this.require('resilience', 'import AcbServicesModule.forRoot()');
  }

  /** Wires the context by hand (unit tests without Nest). */
  useContext(context: ServiceContext): this {
    this.acbServiceContext = context;
    return this;
  }

  /** Override: acquire resources. Runs once per start, after every `dependsOn` service is active. */
  protected async onInit(): Promise<void> {}

  /** Override: release resources. Runs before every service this one depends on stops. */
  protected async onShutdown(): Promise<void> {}

  /** Override: throw when unhealthy; return details to report. Called only while `active`. */
  protected async checkHealth(): Promise<Record<string, unknown> | void> {}

  /** Moves to `active` through `onInit`; on a throw the state is `error` and the error is rethrown. */
  async start(): Promise<void> {
    if (this.serviceState === 'active' || this.serviceState === 'initializing') return;
    this.serviceError = undefined;
    await this.transition('initializing', 'active', () => this.onInit());
  }

  /** Moves to `stopped` through `onShutdown`; on a throw the state is `error` and the error is rethrown. */
  async stop(): Promise<void> {
    if (this.serviceState === 'stopped' || this.serviceState === 'stopping' || this.serviceState === 'inactive') return;
    await this.transition('stopping', 'stopped', () => this.onShutdown());
  }

  private async transition(during: ServiceState, after: ServiceState, step: () => Promise<void>): Promise<void> {
    this.serviceState = during;
    try {
      await step();
      this.serviceState = after;
    } catch (error) {
      this.serviceState = 'error';
      this.serviceError = error;
      throw error;
    }
  }

  async health(): Promise<ServiceHealth> {
    const base = { name: this.serviceName, state: this.serviceState };
    if (this.serviceState !== 'active') {
      const reason = this.serviceError instanceof Error ? this.serviceError.message : `state is ${this.serviceState}`;
      return { ...base, status: 'unhealthy', error: reason };
    }
    try {
      const details = (await this.checkHealth()) ?? undefined;
      return details ? { ...base, status: 'healthy', details } : { ...base, status: 'healthy' };
    } catch (error) {
      return { ...base, status: 'unhealthy', error: error instanceof Error ? error.message : String(error) };
    }
  }

  /** Calls, errors (totals and per method) and custom metrics so far. */
  metrics(): ServiceMetrics {
    return structuredClone(this.counters);
  }

  /** Adds `by` to the custom metric `name` (exported as `acb_service_metric{service,metric}`). */
  protected incrementMetric(name: string, by = 1): void {
    this.setMetric(name, (this.counters.custom[name] ?? 0) + by);
  }

  protected setMetric(name: string, value: number): void {
    this.counters.custom[name] = value;
    this.acbServiceContext?.metrics()?.custom.set({ service: this.serviceName, metric: name }, value);
  }

  private require<K extends 'events' | 'queue' | 'cache' | 'validation' | 'resilience'>(
    key: K,
    hint: string,
  ): NonNullable<ServiceContext[K]> {
    const value = this.acbServiceContext?.[key];
    if (value === undefined || value === null) {
      throw new ServicesConfigurationError(ServicesMessages.notAvailable(`this.${key}`, hint));
    }
    return value as NonNullable<ServiceContext[K]>;
  }

  private record(method: string, failed: boolean): void {
    const entry = (this.counters.methods[method] ??= { calls: 0, errors: 0 });
    entry.calls++;
    this.counters.calls++;
    if (failed) {
      entry.errors++;
      this.counters.errors++;
    }
    const metrics = this.acbServiceContext?.metrics();
    if (metrics) {
      const labels = { service: this.serviceName, method };
      metrics.calls.inc(labels);
      if (failed) metrics.errors.inc(labels);
    }
  }

  /** NOTE: wraps the subclass's own methods on this instance (never the shared prototype) to count calls. */
  private instrumentMethods(): void {
    const seen = new Set<string>();
    for (let proto = Object.getPrototypeOf(this); proto && proto !== ServiceBase.prototype; proto = Object.getPrototypeOf(proto)) {
      for (const name of Object.getOwnPropertyNames(proto)) {
        if (seen.has(name) || NOT_INSTRUMENTED.has(name)) continue;
        seen.add(name);
        const descriptor = Object.getOwnPropertyDescriptor(proto, name);
        if (!descriptor || typeof descriptor.value !== 'function') continue;
        this.instrument(name, descriptor.value as Method);
      }
    }
  }

  private instrument(name: string, original: Method): void {
    const record = (failed: boolean) => this.record(name, failed);
    const wrapped = function (this: unknown, ...args: unknown[]): unknown {
      let result: unknown;
      try {
        result = original.apply(this, args);
      } catch (error) {
        record(true);
        throw error;
      }
      if (result instanceof Promise) {
        return result.then(
          (value) => {
            record(false);
            return value;
          },
          (error: unknown) => {
            record(true);
            throw error;
          },
        );
      }
      record(false);
      return result;
    };
    for (const key of Reflect.getMetadataKeys(original)) Reflect.defineMetadata(key, Reflect.getMetadata(key, original), wrapped);
    Object.defineProperty(wrapped, 'name', { value: name });
    Object.defineProperty(this, name, { value: wrapped, writable: true, configurable: true, enumerable: false });
  }
}
