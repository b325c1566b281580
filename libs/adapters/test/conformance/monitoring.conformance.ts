import type { MonitoringAdapter } from '../../src/monitoring/monitoring.adapter';

/** One monitoring adapter under test. */
export interface MonitoringConformanceTarget {
  monitoring: MonitoringAdapter;
  close(): Promise<void>;
}

/**
 * The behaviour every monitoring adapter must have: the same metric for the same name, every call accepted with and
 * without labels, and an exposition that carries the recorded values when the adapter is enabled.
 */
export function runMonitoringConformance(name: string, factory: () => Promise<MonitoringConformanceTarget>): void {
  describe(`MonitoringAdapter conformance: ${name}`, () => {
    let target: MonitoringConformanceTarget;
    let monitoring: MonitoringAdapter;

    beforeEach(async () => {
      target = await factory();
      monitoring = target.monitoring;
    });

    afterEach(async () => {
      await target.close();
    });

    it('returns the same metric for the same name', () => {
      const counter = monitoring.counter({ name: 'acb_jobs_total', help: 'Jobs', labelNames: ['queue'] });
      expect(monitoring.counter({ name: 'acb_jobs_total', help: 'Jobs', labelNames: ['queue'] })).toBe(counter);
      const gauge = monitoring.gauge({ name: 'acb_depth', help: 'Depth' });
      expect(monitoring.gauge({ name: 'acb_depth', help: 'Depth' })).toBe(gauge);
      const histogram = monitoring.histogram({ name: 'acb_seconds', help: 'Seconds' });
      expect(monitoring.histogram({ name: 'acb_seconds', help: 'Seconds' })).toBe(histogram);
    });

    it('records counters, gauges and histograms with and without labels', async () => {
      const counter = monitoring.counter({ name: 'acb_events_total', help: 'Events handled', labelNames: ['event'] });
      counter.inc({ event: 'user.created' });
      counter.inc({ event: 'user.created' }, 2);
      const plain = monitoring.counter({ name: 'acb_plain_total', help: 'Plain' });
      plain.inc();
      plain.inc(undefined, 4);
      const gauge = monitoring.gauge({ name: 'acb_queue_depth', help: 'Queue depth' });
      gauge.set(undefined, 10);
      gauge.inc(undefined, 5);
      gauge.dec(undefined, 3);
      const histogram = monitoring.histogram({ name: 'acb_step_seconds', help: 'Step time', labelNames: ['step'], buckets: [0.1, 1] });
      histogram.observe({ step: 'charge' }, 0.5);
      const end = histogram.startTimer({ step: 'ship' });
      expect(typeof end()).toBe('number');

      const { contentType, body } = await monitoring.metrics();
      expect(contentType).toMatch(/^text\/plain/);
      if (!monitoring.enabled) {
        expect(body).toBe('');
        return;
      }
      expect(body).toContain('# HELP acb_events_total Events handled');
      expect(body).toMatch(/acb_events_total\{event="user\.created"\} 3/);
      expect(body).toMatch(/acb_plain_total 5/);
      expect(body).toMatch(/acb_queue_depth 12/);
      expect(body).toMatch(/acb_step_seconds_bucket\{le="1",step="charge"\} 1/);
      expect(body).toMatch(/acb_step_seconds_count\{step="ship"\} 1/);
    });

    it('answers a ping', async () => {
      await expect(monitoring.ping()).resolves.toBeUndefined();
    });
  });
}
