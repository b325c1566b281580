import type { EventEnvelope } from './event-envelope.interface';

/** What a `viaQueue` handler's task does when a worker runs it. Throwing lets the queue retry. */
export type QueuedEventRunner = (event: EventEnvelope) => Promise<void>;

/**
 * How @acb/events hands `viaQueue` deliveries to a task queue. @acb/queues provides one
 * (`createQueuesEventBridge`); anything with these two methods works.
 */
export interface EventQueueBridge {
  /** Called once per `viaQueue` handler at start: registers the task that runs it. */
  register(taskName: string, run: QueuedEventRunner, options: { maxRetries: number; timeoutMs: number }): void | Promise<void>;
  /** Called per matching event: enqueues the task; resolves with the task id. */
  enqueue(taskName: string, event: EventEnvelope, options: { priority: number }): Promise<string | void>;
}
