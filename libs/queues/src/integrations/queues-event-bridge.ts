import type { Queue } from '../queue';
import type { TaskRegistry } from '../task.registry';
import { MAX_TASK_PRIORITY, TASK_PRIORITY } from '../queues.constants';

/** An event envelope as @acb/events hands it over (structural: queues does not import events). */
export interface BridgedEvent {
  readonly attempt: number;
  readonly [key: string]: unknown;
}

/** The shape @acb/events expects for `queueBridge` (its `EventQueueBridge`). */
export interface QueuesEventBridge {
  register(
    taskName: string,
    run: (event: any) => Promise<void>,
    options: { maxRetries: number; timeoutMs: number },
  ): void;
  enqueue(taskName: string, event: BridgedEvent, options: { priority: number }): Promise<string>;
}

/**
 * Delivers `@OnAcbEvent(..., { viaQueue: true })` handlers as tasks: each such handler becomes a task (with the
 * handler's maxRetries and timeoutMs, the queue's backoff and dead letters), each matching event an enqueue.
 * The event's `attempt` is set from the task's attempt. A handler priority p (events: higher first, default 0)
 * becomes task priority `normal + p`, clamped to 0..10.
 *
 * @example AcbEventsModule.forRootAsync({ inject: [TaskRegistry, Queue],
 *   useFactory: (registry, queue) => ({ queueBridge: createQueuesEventBridge(registry, queue) }) })
 */
export function createQueuesEventBridge(registry: TaskRegistry, queue: Queue): QueuesEventBridge {
  return {
    register(taskName, run, options) {
      if (registry.has(taskName)) return;
      registry.register(
        taskName,
        async (event: BridgedEvent, context) => run({ ...event, attempt: context.attempt }),
        { maxRetries: options.maxRetries, timeoutMs: options.timeoutMs },
        'events viaQueue',
      );
    },
    async enqueue(taskName, event, options) {
      const priority = Math.min(MAX_TASK_PRIORITY, Math.max(0, Math.round(TASK_PRIORITY.normal + (options.priority ?? 0))));
      const handle = await queue.enqueue(taskName, event, { priority });
      return handle.id;
    },
  };
}
