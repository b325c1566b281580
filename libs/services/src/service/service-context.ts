import { Injectable, Optional, type Type } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
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
 * publisher, queue, cache and monitoring are optional: present when their modules are imported anywhere in the
 * application (global or not: a provider not visible to this module is looked up application-wide, once).
 * Outside Nest (plain unit tests) build one by hand and call `service.useContext(context)`.
 */
@Injectable()
export class ServiceContext {
  private metricSet?: ServiceMetricSet;
  private readonly found = new Map<unknown, unknown>();

  constructor(
    readonly validation: ValidationService,
    readonly resilience: ResilienceRegistry,
    @Optional() private readonly injectedEvents?: EventPublisher,
    @Optional() private readonly injectedQueue?: Queue,
    @Optional() private readonly injectedCache?: CacheAdapter,
    @Optional() private readonly injectedMonitoring?: MonitoringAdapter,
    @Optional() private readonly moduleRef?: ModuleRef,
  ) {}

  get events(): EventPublisher | undefined {
    return this.injectedEvents ?? this.lookup(EventPublisher);
  }

  get queue(): Queue | undefined {
    return this.injectedQueue ?? this.lookup(Queue);
  }

  get cache(): CacheAdapter | undefined {
    return this.injectedCache ?? this.lookup(CacheAdapter as unknown as Type<CacheAdapter>);
  }

  get monitoring(): MonitoringAdapter | undefined {
    return this.injectedMonitoring ?? this.lookup(MonitoringAdapter as unknown as Type<MonitoringAdapter>);
  }

  private lookup<T>(token: Type<T>): T | undefined {
    if (!this.moduleRef) return undefined;
    if (!this.found.has(token)) {
      let value: T | undefined;
      try {
        value = this.moduleRef.get(token, { strict: false });
      } catch {
        value = undefined;
      }
      // NOTE: only hits are remembered; a module may register its provider after the first look.
      if (value === undefined) return undefined;
      this.found.set(token, value);
    }
    return this.found.get(token) as T;
  }

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
