export type MetricLabels = Record<string, string | number>;

export interface CounterMetric {
  inc(labels?: MetricLabels, value?: number): void;
}

export interface GaugeMetric {
  set(labels: MetricLabels | undefined, value: number): void;
  inc(labels?: MetricLabels, value?: number): void;
  dec(labels?: MetricLabels, value?: number): void;
}

export interface HistogramMetric {
  observe(labels: MetricLabels | undefined, value: number): void;
  /** Starts a timer; calling the result observes the elapsed seconds. */
  startTimer(labels?: MetricLabels): (extraLabels?: MetricLabels) => number;
}

export interface MetricOptions {
  name: string;
  help: string;
  labelNames?: string[];
}

export interface HistogramOptions extends MetricOptions {
  /** Bucket bounds in seconds. */
  buckets?: number[];
}

/**
 * The monitoring category: the other libraries count and time through it. Asking twice for one metric name
 * returns the same metric. `none` accepts every call and records nothing.
 */
export abstract class MonitoringAdapter {
  abstract readonly name: string;
  abstract readonly enabled: boolean;
  abstract counter(options: MetricOptions): CounterMetric;
  abstract gauge(options: MetricOptions): GaugeMetric;
  abstract histogram(options: HistogramOptions): HistogramMetric;
  /** The exposition text (`/metrics`) and its content type. */
  abstract metrics(): Promise<{ contentType: string; body: string }>;
  /** Resolves when metrics can be collected (used by the health indicator). */
  abstract ping(): Promise<void>;
}
