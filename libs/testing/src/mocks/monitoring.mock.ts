import type { MonitoringAdapter } from '@acb/adapters';
import { mockOf, type MockOf } from './mock-of';

/** A jest mock of `MonitoringAdapter` whose metrics are jest mocks too (`counter(...).inc` can be asserted). */
export function mockMonitoring(): MockOf<MonitoringAdapter> {
  const metrics = new Map<string, unknown>();
  const metric = <T>(name: string, make: () => T): T => {
    if (!metrics.has(name)) metrics.set(name, make());
    return metrics.get(name) as T;
  };
  return mockOf<MonitoringAdapter>(
    { name: 'mock', enabled: true },
    {
      counter: (options: { name: string }) => metric(options.name, () => ({ inc: jest.fn() })),
      gauge: (options: { name: string }) => metric(options.name, () => ({ set: jest.fn(), inc: jest.fn(), dec: jest.fn() })),
      histogram: (options: { name: string }) =>
        metric(options.name, () => ({ observe: jest.fn(), startTimer: jest.fn(() => jest.fn(() => 0)) })),
      metrics: async () => ({ contentType: 'text/plain', body: '' }),
      ping: async () => undefined,
    },
  );
}
