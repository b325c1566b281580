import { DEFAULT_QUEUE, QUEUE_BACKEND, Queue, TASK_STATUSES, type QueueBackend, type TaskStatus } from '@acb/queues';
import { ServiceRegistry } from '@acb/services';
import { WorkflowService } from '@acb/workflows';
import { Inject, Injectable } from '@nestjs/common';
import { type RunView, runView } from './workflow-dag';

/**
 * Task states counted on the operations page: every status, `unknown` included (rabbitmq without `statusStoreUrl`:
 * tasks this process enqueued whose fate it cannot see, never counted as `pending`; 0 on memory and redis).
 */
export const COUNTED_STATES: readonly TaskStatus[] = TASK_STATUSES;
/** Counts stop at this many per state (the backend lists at most this many records). */
export const COUNT_CAP = 1000;

export interface QueueCounts {
  queue: string;
  backend: string;
  counts: Record<string, number>;
}

export interface DeadLetterView {
  id: string;
  name: string;
  attempts: number;
  error?: string;
  /** Epoch milliseconds. */
  finishedAt?: number;
}

export interface ServiceView {
  name: string;
  version: string;
  state: string;
  healthy: boolean;
}

export interface OperationsSnapshot {
  runs: RunView[];
  queue: QueueCounts;
  deadLetters: DeadLetterView[];
  services: ServiceView[];
}

/** What the operations page shows: recent workflow runs, queue counts per state, dead letters, services. */
@Injectable()
export class OperationsService {
  constructor(
    private readonly workflows: WorkflowService,
    private readonly queue: Queue,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
    private readonly services: ServiceRegistry,
  ) {}

  async snapshot(): Promise<OperationsSnapshot> {
    const [runs, queue, deadLetters, services] = await Promise.all([this.recentRuns(8), this.queueCounts(), this.deadLetters(), this.serviceViews()]);
    return { runs, queue, deadLetters, services };
  }

  async recentRuns(limit: number): Promise<RunView[]> {
    const summaries = await this.workflows.listRuns({ limit });
    const runs = await Promise.all(summaries.map((summary) => this.run(summary.runId)));
    return runs.filter((run): run is RunView => run !== undefined);
  }

  async run(runId: string): Promise<RunView | undefined> {
    const run = await this.workflows.getRun(runId);
    if (!run) return undefined;
    return runView(this.workflows.definitions().find((definition) => definition.workflowId === run.workflowId), run);
  }

  async queueCounts(): Promise<QueueCounts> {
    const counts: Record<string, number> = {};
    await Promise.all(COUNTED_STATES.map(async (state) => (counts[state] = (await this.backend.listTasks(DEFAULT_QUEUE, [state], COUNT_CAP)).length)));
    return { queue: DEFAULT_QUEUE, backend: this.backend.name, counts };
  }

  async deadLetters(): Promise<DeadLetterView[]> {
    return (await this.queue.deadLetters(50)).map((task) => ({ id: task.id, name: task.name, attempts: task.attempts, error: task.error, finishedAt: task.finishedAt }));
  }

  /** Puts a dead task back in the queue. */
  retryDead(id: string): Promise<boolean> {
    return this.queue.retryDead(id);
  }

  async serviceViews(): Promise<ServiceView[]> {
    return Promise.all(
      this.services.list().map(async (info) => {
        const health = await this.services.get(info.name).health().catch(() => undefined);
        return { name: info.name, version: info.version, state: info.state, healthy: health?.status === 'healthy' };
      }),
    );
  }
}
