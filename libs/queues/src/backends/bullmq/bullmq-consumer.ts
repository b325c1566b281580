import type { LoggerService } from '@nestjs/common';
import { UnrecoverableError, WaitingError, Worker } from 'bullmq';
import type { RedisOptions } from 'ioredis';
import type {
  ConsumeOptions,
  ConsumerStopReport,
  QueueConsumer,
  TaskHandlerFn,
  TaskOutcome,
} from '../../interfaces/queue-backend.interface';
import type { JsonValue } from '../../interfaces/task.interface';
import { errorMessage } from '../../utils/error-message';
import { settlesWithin } from '../../utils/settles-within';
import { BullMqMessages } from './bullmq.messages';
import { toBullConnection, type BullMqExtraOptions } from './bullmq.options';
import { toTaskRecord, type TaskJob } from './bullmq-job-mapping';
import type { BackoffStrategy } from 'bullmq';

/** A failed attempt as BullMQ sees it: `failedReason` becomes the outcome's error text unchanged. */
export class TaskAttemptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TaskAttemptError';
  }
}

/** One running task of a consumer. */
interface Run {
  readonly job: TaskJob;
  readonly token: string | undefined;
  /** Set when a timed-out stop returned the task to the queue: the handler's outcome is then ignored. */
  returned: boolean;
  /** Settles the run without its outcome (the stop returned it). */
  abandon(): void;
}

const notYet = (): void => undefined;

export interface BullMqConsumerSettings {
  queue: string;
  prefix: string;
  concurrency: number;
  redis: RedisOptions;
  extra: BullMqExtraOptions;
  backoffStrategy: BackoffStrategy;
  logger: LoggerService;
  /** Called for every task this consumer completes (the backend trims completed sets in batches). */
  onCompleted: () => void;
  /** Told of each job BullMQ's stalled check (run in this process) moved back to wait. */
  onStalled?: ConsumeOptions['onStalled'];
}

/**
 * `consume()` on Redis: a BullMQ Worker whose processor runs the ACB handler and turns its outcome into what BullMQ
 * expects (return value, a retryable error, an UnrecoverableError for dead-at-once, or a move back to wait).
 */
export class BullMqConsumer implements QueueConsumer {
  private readonly worker: Worker<JsonValue, JsonValue, string>;
  private readonly runs = new Set<Run>();
  /**
   * ONE controller for every run of this consumer: only a timed-out stop aborts, and it returns every unfinished run
   * at once. Spares an AbortController per task.
   */
  private readonly controller = new AbortController();
  private stopped?: Promise<ConsumerStopReport>;

  constructor(
    private readonly settings: BullMqConsumerSettings,
    private readonly handler: TaskHandlerFn,
    private readonly onStopped: (consumer: BullMqConsumer) => void,
  ) {
    const { extra } = settings;
    this.worker = new Worker<JsonValue, JsonValue, string>(settings.queue, (job, token) => this.process(job, token), {
      connection: toBullConnection(settings.redis),
      prefix: settings.prefix,
      concurrency: settings.concurrency,
      lockDuration: extra.lockDurationMs,
      stalledInterval: extra.stalledIntervalMs,
      maxStalledCount: extra.maxStalledCount,
      runRetryDelay: extra.runRetryDelayMs,
      settings: { backoffStrategy: settings.backoffStrategy },
      autorun: false,
    });
    this.worker.on('error', (error) =>
      settings.logger.warn?.(BullMqMessages.connectionError(`worker ${settings.queue}`, errorMessage(error))),
    );
    const { onStalled } = settings;
    if (onStalled) this.worker.on('stalled', (jobId: string) => onStalled({ id: jobId, queue: settings.queue }));
  }

  /** Starts fetching; resolves once the worker's connection is ready. */
  async start(): Promise<void> {
    void this.worker.run().catch((error: unknown) =>
      this.settings.logger.error(BullMqMessages.connectionError(`worker ${this.settings.queue}`, errorMessage(error))),
    );
    await this.worker.waitUntilReady();
  }

  get activeCount(): number {
    return this.runs.size;
  }

  stop(timeoutMs: number): Promise<ConsumerStopReport> {
    this.stopped ??= this.doStop(timeoutMs);
    return this.stopped;
  }

  /**
   * BullMQ's processor: runs the handler and answers with the result, a retryable error, an UnrecoverableError
   * (dead at once) or a WaitingError (the job went back to wait). One promise per task besides the handler's: settled
   * by the outcome, or by `abandon` when a timed-out stop returned the run.
   */
  private process(job: TaskJob, token: string | undefined): Promise<JsonValue> {
    const run: Run = { job, token, returned: false, abandon: notYet };
    this.runs.add(run);
    return new Promise<JsonValue>((resolve, reject) => {
      run.abandon = () => {
        this.runs.delete(run);
        reject(new WaitingError());
      };
      const settle = (outcome: TaskOutcome): void => this.settle(run, outcome, resolve, reject);
      const failed = (error: unknown): void => settle({ status: 'failed', error: errorMessage(error), retryable: true });
      try {
        const record = toTaskRecord(job, this.settings.queue, 'active');
        record.startedAt = job.processedOn ?? Date.now();
        this.handler(record, this.controller.signal).then(settle, failed);
      } catch (error) {
        failed(error);
      }
    });
  }

  /** Hands a run's outcome to BullMQ (see `process`). */
  private settle(run: Run, outcome: TaskOutcome, resolve: (result: JsonValue) => void, reject: (error: Error) => void): void {
    // The stop timed out and already moved the job back to wait: tell BullMQ the job is not ours any more.
    if (run.returned) {
      this.runs.delete(run);
      reject(new WaitingError());
      return;
    }
    switch (outcome.status) {
      case 'completed':
        this.runs.delete(run);
        this.settings.onCompleted();
        resolve(outcome.result ?? null);
        return;
      case 'failed':
        this.runs.delete(run);
        reject(outcome.retryable ? new TaskAttemptError(outcome.error) : new UnrecoverableError(outcome.error));
        return;
      case 'interrupted':
        run.job.moveToWait(run.token).then(
          () => {
            this.runs.delete(run);
            reject(new WaitingError());
          },
          (error: Error) => {
            this.runs.delete(run);
            reject(error);
          },
        );
        return;
    }
  }

  private async doStop(timeoutMs: number): Promise<ConsumerStopReport> {
    const running = [...this.runs];
    // close() stops fetching at once and resolves when every running processor has settled.
    const closing = this.worker.close();
    const timedOut = running.length > 0 && !(await settlesWithin(closing, timeoutMs));
    let returned = 0;
    if (timedOut) {
      this.controller.abort(new Error('Worker stopped'));
      for (const run of [...this.runs]) {
        run.returned = true;
        try {
          // NOTE: back to wait, attempt not counted; if this fails (Redis down) the lock expires and BullMQ's
          // stalled-job check re-queues the task instead.
          await run.job.moveToWait(run.token);
        } catch (error) {
          this.settings.logger.warn?.(BullMqMessages.returnFailed(String(run.job.id), errorMessage(error)));
        }
        run.abandon();
        returned++;
      }
    }
    await closing;
    this.onStopped(this);
    return { finished: running.length - returned, returned };
  }
}
