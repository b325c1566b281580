import { runMonitoringConformance } from '../../test/conformance/monitoring.conformance';
import { adapterContext } from '../../test/adapter-context.fixture';
import { MetricTypeMismatchError } from '../errors/metric-type-mismatch.error';
import { NoneMonitoringAdapter } from './none.monitoring';
import { PrometheusMonitoringAdapter } from './prometheus.monitoring';

runMonitoringConformance('none', async () => {
  const monitoring = new NoneMonitoringAdapter();
  return { monitoring, close: async () => undefined };
});

runMonitoringConformance('prometheus', async () => {
  const monitoring = new PrometheusMonitoringAdapter(adapterContext());
  return { monitoring, close: () => monitoring.close() };
});

describe('PrometheusMonitoringAdapter', () => {
  it('keeps each instance in its own registry, never the global one', async () => {
    const promClient = require('prom-client') as typeof import('prom-client');
    const first = new PrometheusMonitoringAdapter(adapterContext({}, 'one'));
    const second = new PrometheusMonitoringAdapter(adapterContext({}, 'two'));
    first.counter({ name: 'acb_only_first_total', help: 'first' }).inc();
    second.counter({ name: 'acb_only_first_total', help: 'first' }).inc(undefined, 7);
    expect((await first.metrics()).body).toMatch(/acb_only_first_total 1\b/);
    expect((await second.metrics()).body).toMatch(/acb_only_first_total 7\b/);
    expect(await promClient.register.metrics()).not.toContain('acb_only_first_total');
    await first.close();
    await second.close();
  });

  it('applies the prefix and default labels settings', async () => {
    const monitoring = new PrometheusMonitoringAdapter(adapterContext({ prefix: 'shop_', defaultLabels: { app: 'shop' } }));
    monitoring.counter({ name: 'orders_total', help: 'Orders' }).inc();
    expect((await monitoring.metrics()).body).toMatch(/shop_orders_total\{app="shop"\} 1/);
    await monitoring.close();
  });

  it('collects the Node process metrics into its own registry when defaultMetrics is on', async () => {
    const monitoring = new PrometheusMonitoringAdapter(adapterContext({ defaultMetrics: true, prefix: 'acb_' }));
    const { body } = await monitoring.metrics();
    expect(body).toContain('acb_process_cpu_user_seconds_total');
    expect(body).toContain('acb_nodejs_heap_size_total_bytes');
    await monitoring.close();
    expect((await monitoring.metrics()).body.trim()).toBe('');
  });

  it('refuses one name used as two kinds of metric', async () => {
    const monitoring = new PrometheusMonitoringAdapter(adapterContext());
    monitoring.counter({ name: 'acb_thing', help: 'x' });
    expect(() => monitoring.histogram({ name: 'acb_thing', help: 'x' })).toThrow(MetricTypeMismatchError);
    await monitoring.close();
  });
});
