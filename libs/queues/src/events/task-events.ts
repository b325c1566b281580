import { Injectable, Logger } from '@nestjs/common';
import type { JsonValue } from '../interfaces/task.interface';
import { QueuesMessages } from '../queues.messages';
import { errorMessage } from '../utils/error-message';

/**
 * What happened to a task in this process's worker:
 * - `completed` the handler resolved (`result`);
 * - `failed`    an attempt failed (`error`), whatever comes next — followed by `retrying` or `dead`;
 * - `retrying`  a retry is scheduled after that failure (`retryInMs` is not known here: the backend draws the jitter);
 * - `dead`      no retry is left (or the failure was not retryable): the task is in the dead letters;
 * - `stalled`   the task was taken back from a worker that went away without finishing it (crash, lost
 *               connection) and runs again: redis — BullMQ's stalled check, in the process that ran the check;
 *               rabbitmq — a redelivered message, in the process that received it; memory — never (nothing outlives
 *               its process).
 */
export type TaskEventType = 'completed' | 'failed' | 'retrying' | 'dead' | 'stalled';

export const TASK_EVENT_TYPES: readonly TaskEventType[] = ['completed', 'failed', 'retrying', 'dead', 'stalled'];

/** One task event, as `@OnTaskEvent` hooks and the event bus (`task.<type>`) receive it. JSON only. */
export interface TaskEvent {
  type: TaskEventType;
  taskId: string;
  /** The task name (`send_email`); undefined for `stalled` on redis (BullMQ reports the id only). */
  name?: string;
  queue: string;
  /** The attempt this event is about (1 = the first); undefined for `stalled`. */
  attempt?: number;
  maxRetries?: number;
  /** `completed`: what the handler returned (as kept in the record). */
  result?: JsonValue;
  /** `failed`, `retrying`, `dead`: the failure's message. */
  error?: string;
  /** `completed`, `failed`: how long the attempt ran. */
  durationMs?: number;
  /** When it happened (epoch ms). */
  at: number;
}

/** A hook: what `@OnTaskEvent` methods and `TaskEvents.on` listeners are. Its errors are logged, never rethrown. */
export type TaskEventListener = (event: TaskEvent) => void | Promise<void>;

interface Subscription {
  types: ReadonlySet<TaskEventType>;
  queue?: string;
  listener: TaskEventListener;
  source: string;
}

/**
 * The task-event hub of one application: the Worker reports every outcome here; `@OnTaskEvent` methods (found by
 * the explorer) and `on()` listeners receive them; `forwardTaskEventsToBus` puts them on the event bus. Listeners run
 * after the backend stored the outcome, outside the task's flow: a slow or failing listener never delays or fails a
 * task.
 */
@Injectable()
export class TaskEvents {
  private readonly logger = new Logger('AcbQueues');
  private readonly subscriptions: Subscription[] = [];

  /**
   * Listens to `types` (one or several) of every queue, or of `options.queue` only. Returns the unsubscribe function.
   * @example taskEvents.on(['failed', 'dead'], (event) => alerts.send(event))
   */
  on(types: TaskEventType | readonly TaskEventType[], listener: TaskEventListener, options: { queue?: string; source?: string } = {}): () => void {
    const subscription: Subscription = {
      types: new Set(typeof types === 'string' ? [types] : types),
      queue: options.queue,
      listener,
      source: options.source ?? 'TaskEvents.on',
    };
    this.subscriptions.push(subscription);
    return () => {
      const index = this.subscriptions.indexOf(subscription);
      if (index >= 0) this.subscriptions.splice(index, 1);
    };
  }

  /** True when anyone listens at all (the Worker's per-task check: no listener, no work). */
  get active(): boolean {
    return this.subscriptions.length > 0;
  }

  /** True when someone listens to `type` (the Worker skips building events nobody hears). */
  listens(type: TaskEventType): boolean {
    return this.subscriptions.some((subscription) => subscription.types.has(type));
  }

  /** Delivers `event` to every matching listener, each on its own; resolves when all settled. Never rejects. */
  async emit(event: TaskEvent): Promise<void> {
    const matching = this.subscriptions.filter(
      (subscription) => subscription.types.has(event.type) && (subscription.queue === undefined || subscription.queue === event.queue),
    );
    await Promise.all(
      matching.map(async (subscription) => {
        try {
          await subscription.listener(event);
        } catch (error) {
          this.logger.warn(QueuesMessages.taskEventListenerFailed(subscription.source, event.type, event.taskId, errorMessage(error)));
        }
      }),
    );
  }
}
