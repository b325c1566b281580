import { Injectable, Optional } from '@nestjs/common';
import { CacheAdapter, MonitoringAdapter, type CounterMetric, type GaugeMetric } from '@acb/adapters';
import { EventPublisher } from '@acb/events';
import { Queue } from '@acb/queues';
import { ResilienceRegistry } from '../resilience/resilience.registry';
import { ValidationService } from '../validation/validation.service';

/** The metrics every service reports through the monitoring adapter. */
export interface ServiceMetricSet {
  calls: CounterMetric;
  errors: CounterMetric;
  custom: GaugeMetric;
}

/**
 * What every `ServiceBase` gets without wiring it by hand, injected once into the base class. The events
 * publisher, queue, cache and monitoring are optional: present when their modules are imported.
 * Outside Nest (plain unit tests) build one by hand and call `service.useContext(context)`.
 */
@Injectable()
export class ServiceContext {
  private metricSet?: ServiceMetricSet;

  constructor(
    readonly validation: ValidationService,
    readonly resilience: ResilienceRegistry,
    @Optional() readonly events?: EventPublisher,
    @Optional() readonly queue?: Queue,
    @Optional() readonly cache?: CacheAdapter,
    @Optional() readonly monitoring?: MonitoringAdapter,
  ) {}

  /** The shared service metrics, or undefined without an enabled monitoring adapter. */
  metrics(): ServiceMetricSet | undefined {
    if (!this.monitoring?.enabled) return undefined;
    this.metricSet ??= {
      calls: this.monitoring.counter({
        name: 'acb_service_calls_total',
        help: 'Service method calls',
        labelNames: ['service', 'method'],
      }),
      errors: this.monitoring.counter({
        name: 'acb_service_errors_total',
        help: 'Service method calls that threw or rejected',
        labelNames: ['service', 'method'],
      }),
      custom: this.monitoring.gauge({
        name: 'acb_service_metric',
        help: 'Custom service metrics (ServiceBase.incrementMetric / setMetric)',
        labelNames: ['service', 'metric'],
      }),
    };
    return this.metricSet;
  }
}
