import { InvalidTaskOptionError } from '../errors/invalid-task-option.error';
import type { EnqueueRequest } from '../interfaces/task.interface';
import { TASK_PRIORITY } from '../queues.constants';

/**
 * Which queues use priorities, from `backendOptions.priorities` of the redis and rabbitmq backends:
 * - `true` (default): every queue. Redis puts every task in BullMQ's prioritized set; RabbitMQ declares every work
 *   queue with `x-max-priority`. This is what queues were before the option existed, so a deployment whose RabbitMQ
 *   queues already carry `x-max-priority` keeps starting (RabbitMQ refuses to re-declare a queue with other arguments).
 * - `false`: none. Redis adds tasks to BullMQ's plain wait list (FIFO, one list push per task); RabbitMQ declares plain
 *   work queues. An enqueue with a priority other than `normal` is refused (InvalidTaskOptionError): strict priority is
 *   never silently lost.
 * - a list of queue names: those queues use priorities, the others do not.
 * A setting, not a guess: whether a queue ever sees a priority is known only after it has been declared (any process
 * may enqueue any priority), and a RabbitMQ queue's arguments cannot change once declared.
 */
export type QueuePriorities = boolean | readonly string[];

/**
 * Reads `backendOptions.priorities` into "does this queue use priorities?". A malformed value throws
 * `invalid(reason)` (the backend's error) at once, so it fails the start, not the first enqueue.
 */
export function resolvePriorities(value: unknown, invalid: (reason: string) => Error): (queue: string) => boolean {
  if (value === undefined || value === true) return () => true;
  if (value === false) return () => false;
  if (Array.isArray(value) && value.every((name) => typeof name === 'string' && name.length > 0)) {
    const names = new Set<string>(value as string[]);
    return (queue) => names.has(queue);
  }
  throw invalid(`expected true, false or a list of queue names, got ${JSON.stringify(value)}`);
}

/** Refuses a priority other than `normal` on a queue that does not use priorities (before anything is stored). */
export function assertPriorityAllowed(request: EnqueueRequest, usesPriorities: boolean): void {
  if (usesPriorities || request.priority === TASK_PRIORITY.normal) return;
  throw new InvalidTaskOptionError(
    request.name,
    'priority',
    `queue "${request.queue}" does not use priorities (backendOptions.priorities in the queue settings); ` +
      `enqueue it with the normal priority, or list the queue in backendOptions.priorities`,
  );
}
