import type { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { AdapterContext } from '../interfaces/adapter-context.interface';
import { MetricTypeMismatchError } from '../errors/metric-type-mismatch.error';
import type {
  CounterMetric,
  GaugeMetric,
  HistogramMetric,
  HistogramOptions,
  MetricLabels,
  MetricOptions,
} from './monitoring.adapter';
import { MonitoringAdapter } from './monitoring.adapter';
import { requireOptionalPeer } from '@acb/common';

type PromClient = typeof import('prom-client');
type Kind = 'counter' | 'gauge' | 'histogram';

/**
 * `prometheus`: prom-client with a Registry of this application's own (never the global one, so two apps in one
 * process keep separate metrics). Settings (`settings/monitoring.yml`): `prefix` (prepended to every metric name,
 * default ''), `defaultLabels` (map, default none), `defaultMetrics` (process metrics, default false).
 */
export class PrometheusMonitoringAdapter extends MonitoringAdapter {
  readonly name = 'prometheus';
  readonly enabled = true;
  readonly target = 'prometheus registry';
  /** The prom-client Registry, for collectors the API does not cover. */
  readonly registry: Registry;
  private readonly prom: PromClient;
  private readonly prefix: string;
  private readonly metricsByName = new Map<string, { kind: Kind; metric: CounterMetric | GaugeMetric | HistogramMetric }>();

  constructor(context: AdapterContext) {
    super();
    // NOTE: loaded here so that prom-client is only required when prometheus is selected.
    this.prom = requireOptionalPeer<PromClient>('prom-client', 'the prometheus monitoring adapter', () => require('prom-client'));
    this.registry = new this.prom.Registry();
    const settings = context.settings;
    this.prefix = typeof settings.prefix === 'string' ? settings.prefix : '';
    if (settings.defaultLabels && typeof settings.defaultLabels === 'object') {
      this.registry.setDefaultLabels(settings.defaultLabels as Record<string, string>);
    }
    if (settings.defaultMetrics === true) {
      this.prom.collectDefaultMetrics({ register: this.registry, prefix: this.prefix });
    }
  }

  counter(options: MetricOptions): CounterMetric {
    return this.metric('counter', options, () => {
      const counter: Counter = new this.prom.Counter({ ...this.config(options), registers: [this.registry] });
      return {
        inc: (labels?: MetricLabels, value?: number) => (labels ? counter.inc(labels, value ?? 1) : counter.inc(value ?? 1)),
      };
    });
  }

  gauge(options: MetricOptions): GaugeMetric {
    return this.metric('gauge', options, () => {
      const gauge: Gauge = new this.prom.Gauge({ ...this.config(options), registers: [this.registry] });
      return {
        set: (labels: MetricLabels | undefined, value: number) => (labels ? gauge.set(labels, value) : gauge.set(value)),
        inc: (labels?: MetricLabels, value?: number) => (labels ? gauge.inc(labels, value ?? 1) : gauge.inc(value ?? 1)),
        dec: (labels?: MetricLabels, value?: number) => (labels ? gauge.dec(labels, value ?? 1) : gauge.dec(value ?? 1)),
      };
    });
  }

  histogram(options: HistogramOptions): HistogramMetric {
    return this.metric('histogram', options, () => {
      const histogram: Histogram = new this.prom.Histogram({
        ...this.config(options),
        ...(options.buckets ? { buckets: options.buckets } : {}),
        registers: [this.registry],
      });
      return {
        observe: (labels: MetricLabels | undefined, value: number) =>
          labels ? histogram.observe(labels, value) : histogram.observe(value),
        startTimer: (labels?: MetricLabels) => histogram.startTimer(labels),
      };
    });
  }

  async metrics(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  async ping(): Promise<void> {
    return;
  }

  async close(): Promise<void> {
    this.registry.clear();
    this.metricsByName.clear();
  }

  private config(options: MetricOptions): { name: string; help: string; labelNames: string[] } {
    return { name: this.prefix + options.name, help: options.help, labelNames: options.labelNames ?? [] };
  }

  private metric<T extends CounterMetric | GaugeMetric | HistogramMetric>(kind: Kind, options: MetricOptions, create: () => T): T {
    const existing = this.metricsByName.get(options.name);
    if (existing) {
      if (existing.kind !== kind) throw new MetricTypeMismatchError(options.name, existing.kind, kind);
      return existing.metric as T;
    }
    const metric = create();
    this.metricsByName.set(options.name, { kind, metric });
    return metric;
  }
}
