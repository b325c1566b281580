import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { MonitoringAdapter, type CounterMetric } from '@acb/adapters';
import type { AcbServicesModuleOptions } from '../interfaces/services-module-options.interface';
import { SERVICES_MODULE_OPTIONS } from '../services.module-definition';
import { ServicesMessages } from '../services.messages';
import { Bulkhead } from './bulkhead';
import { CircuitBreaker } from './circuit-breaker';
import type { BulkheadOptions, CircuitBreakerOptions, CircuitBreakerStats } from './circuit-breaker.interface';

/**
 * Named circuit breakers and bulkheads of one application: the same name returns the same instance, so state is
 * shared by every caller (unlike a decorator that builds a new breaker per call). State changes are logged and
 * counted (`acb_circuit_breaker_transitions_total{name,to}` when a monitoring adapter is present).
 */
@Injectable()
export class ResilienceRegistry {
  private readonly logger = new Logger('CircuitBreaker');
  private readonly breakers = new Map<string, CircuitBreaker>();
  private readonly bulkheads = new Map<string, Bulkhead>();
  private readonly defaults: CircuitBreakerOptions;
  private transitions?: CounterMetric;

  constructor(
    @Optional() @Inject(SERVICES_MODULE_OPTIONS) options?: AcbServicesModuleOptions,
    @Optional() private readonly monitoring?: MonitoringAdapter,
  ) {
    this.defaults = options?.circuitBreaker ?? {};
  }

  /** The breaker called `name`, created with `options` (over the module defaults) the first time. */
  circuitBreaker(name: string, options: CircuitBreakerOptions = {}): CircuitBreaker {
    let breaker = this.breakers.get(name);
    if (!breaker) {
      breaker = new CircuitBreaker(name, { ...this.defaults, ...options });
      breaker.onStateChange(({ from, to }) => {
        const message = ServicesMessages.circuitState(name, from, to);
        if (to === 'open') this.logger.warn(message);
        else this.logger.log(message);
        this.transitionCounter()?.inc({ name, to });
      });
      this.breakers.set(name, breaker);
    }
    return breaker;
  }

  /** The bulkhead called `name`, created with `options` the first time. */
  bulkhead(name: string, options: BulkheadOptions = {}): Bulkhead {
    let bulkhead = this.bulkheads.get(name);
    if (!bulkhead) {
      bulkhead = new Bulkhead(name, options);
      this.bulkheads.set(name, bulkhead);
    }
    return bulkhead;
  }

  /** Stats of every breaker. */
  stats(): CircuitBreakerStats[] {
    return [...this.breakers.values()].map((breaker) => breaker.stats());
  }

  private transitionCounter(): CounterMetric | undefined {
    if (!this.monitoring?.enabled) return undefined;
    this.transitions ??= this.monitoring.counter({
      name: 'acb_circuit_breaker_transitions_total',
      help: 'Circuit breaker state changes',
      labelNames: ['name', 'to'],
    });
    return this.transitions;
  }
}
