import { Global, Module } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  MonitoringAdapter,
  type CounterMetric,
  type GaugeMetric,
  type HistogramMetric,
  type MetricLabels,
  type MetricOptions,
} from '@acb/adapters';
import { AcbQueuesModule, Queue, TaskRegistry, Worker } from '@acb/queues';

class RecordingMonitoring extends MonitoringAdapter {
  readonly name = 'recording';
  readonly enabled = true;
  readonly counts = new Map<string, number>();
  readonly observations: Array<{ name: string; labels?: MetricLabels; value: number }> = [];

  counter(options: MetricOptions): CounterMetric {
    return { inc: (labels, value = 1) => this.bump(`${options.name}${JSON.stringify(labels)}`, value) };
  }
  gauge(): GaugeMetric {
    throw new Error('not used');
  }
  histogram(options: MetricOptions): HistogramMetric {
    return {
      observe: (labels, value) => void this.observations.push({ name: options.name, labels, value }),
      startTimer: () => () => 0,
    };
  }
  async ping(): Promise<void> {}
  async metrics(): Promise<{ contentType: string; body: string }> {
    return { contentType: 'text/plain', body: '' };
  }
  private bump(key: string, value: number): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + value);
  }
}

@Global()
@Module({ providers: [{ provide: MonitoringAdapter, useClass: RecordingMonitoring }], exports: [MonitoringAdapter] })
class MonitoringModule {}

describe('queue metrics', () => {
  let module: TestingModule;
  afterEach(() => module.close());

  it('counts enqueued, completed, failed and dead tasks and times attempts', async () => {
    module = await Test.createTestingModule({ imports: [MonitoringModule, AcbQueuesModule.forRoot({})] }).compile();
    module.useLogger(false);
    await module.init();
    const registry = module.get(TaskRegistry);
    registry.register('ok', () => undefined);
    registry.register('bad', () => {
      throw new Error('no');
    }, { maxRetries: 1, backoff: { delayMs: 0 } });
    const queue = module.get(Queue);
    await queue.enqueue('ok', {});
    await queue.enqueue('ok', {}, { jobId: 'x' });
    await queue.enqueue('ok', {}, { jobId: 'x' });
    await queue.enqueue('bad', {});
    await module.get(Worker).processAll();

    const monitoring = module.get(MonitoringAdapter) as RecordingMonitoring;
    const labels = (task: string) => JSON.stringify({ queue: 'default', task });
    expect(monitoring.counts.get(`acb_queue_tasks_enqueued_total${labels('ok')}`)).toBe(2);
    expect(monitoring.counts.get(`acb_queue_tasks_enqueued_total${labels('bad')}`)).toBe(1);
    expect(monitoring.counts.get(`acb_queue_tasks_completed_total${labels('ok')}`)).toBe(2);
    expect(monitoring.counts.get(`acb_queue_tasks_failed_total${labels('bad')}`)).toBe(2);
    expect(monitoring.counts.get(`acb_queue_tasks_dead_total${labels('bad')}`)).toBe(1);
    const durations = monitoring.observations.filter((o) => o.name === 'acb_queue_task_duration_seconds');
    expect(durations).toHaveLength(4);
    expect(durations.every((o) => o.value >= 0 && Number.isFinite(o.value))).toBe(true);
  });
});
