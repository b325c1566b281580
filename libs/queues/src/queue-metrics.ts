import { Inject, Injectable, Optional } from '@nestjs/common';
import { MonitoringAdapter, type CounterMetric, type HistogramMetric } from '@acb/adapters';

const LABELS = ['queue', 'task'];

/**
 * Prometheus counters and a duration histogram, through the MonitoringAdapter when the app provides one (and it is
 * enabled); otherwise every call is a no-op.
 */
@Injectable()
export class QueueMetrics {
  private readonly metrics?: {
    enqueued: CounterMetric;
    completed: CounterMetric;
    failed: CounterMetric;
    dead: CounterMetric;
    duration: HistogramMetric;
  };

  constructor(@Optional() @Inject(MonitoringAdapter) monitoring?: MonitoringAdapter) {
    if (!monitoring?.enabled) return;
    this.metrics = {
      enqueued: monitoring.counter({ name: 'acb_queue_tasks_enqueued_total', help: 'Tasks enqueued', labelNames: LABELS }),
      completed: monitoring.counter({ name: 'acb_queue_tasks_completed_total', help: 'Tasks completed', labelNames: LABELS }),
      failed: monitoring.counter({ name: 'acb_queue_tasks_failed_total', help: 'Failed task attempts', labelNames: LABELS }),
      dead: monitoring.counter({ name: 'acb_queue_tasks_dead_total', help: 'Tasks dead-lettered', labelNames: LABELS }),
      duration: monitoring.histogram({
        name: 'acb_queue_task_duration_seconds',
        help: 'Task attempt duration',
        labelNames: [...LABELS, 'status'],
        buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 15, 60],
      }),
    };
  }

  enqueued(queue: string, task: string): void {
    this.metrics?.enqueued.inc({ queue, task });
  }

  completed(queue: string, task: string, seconds: number): void {
    this.metrics?.completed.inc({ queue, task });
    this.metrics?.duration.observe({ queue, task, status: 'completed' }, seconds);
  }

  failed(queue: string, task: string, seconds: number, dead: boolean): void {
    this.metrics?.failed.inc({ queue, task });
    this.metrics?.duration.observe({ queue, task, status: 'failed' }, seconds);
    if (dead) this.metrics?.dead.inc({ queue, task });
  }
}
