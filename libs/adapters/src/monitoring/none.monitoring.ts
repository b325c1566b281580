import type { CounterMetric, GaugeMetric, HistogramMetric } from './monitoring.adapter';
import { MonitoringAdapter } from './monitoring.adapter';

const NOOP_COUNTER: CounterMetric = { inc: () => undefined };
const NOOP_GAUGE: GaugeMetric = { set: () => undefined, inc: () => undefined, dec: () => undefined };
const NOOP_HISTOGRAM: HistogramMetric = { observe: () => undefined, startTimer: () => () => 0 };

/** `none`: accepts every call, records nothing; `/metrics` is empty. No settings. */
export class NoneMonitoringAdapter extends MonitoringAdapter {
  readonly name = 'none';
  readonly enabled = false;
  readonly target = 'none';

  counter(): CounterMetric {
    return NOOP_COUNTER;
  }

  gauge(): GaugeMetric {
    return NOOP_GAUGE;
  }

  histogram(): HistogramMetric {
    return NOOP_HISTOGRAM;
  }

  async metrics(): Promise<{ contentType: string; body: string }> {
    return { contentType: 'text/plain; version=0.0.4; charset=utf-8', body: '' };
  }

  async ping(): Promise<void> {
    return;
  }
}
