import { EventPublisher } from '@acb/events';
import { Worker } from '@acb/queues';
import { AcbTestingError } from '../errors/acb-testing.error';
import { TestingMessages } from '../testing.messages';
import { findProvider, type ApplicationLike } from './application-like';

/** Options of `drainQueues`. */
export interface DrainQueuesOptions {
  /**
   * Task runs allowed before giving up on work that keeps producing work (a task re-enqueuing itself).
   * @default 10000
   */
  maxTasks?: number;
}

/**
 * Runs every due task of `app`'s queues in the caller's flow (`Worker.processAll()` on the memory backend) until none
 * is due, letting event handlers settle between rounds, so tasks that emit events and handlers that enqueue tasks
 * (`viaQueue`) are followed to the end. Delayed tasks and retries waiting for their backoff stay delayed: with fake
 * timers, advance the clock and drain again.
 * @returns how many task runs there were (a retried task counts each attempt)
 * @throws AcbTestingError when the application has no `AcbQueuesModule`, or when `maxTasks` runs did not empty the queues
 */
export async function drainQueues(app: ApplicationLike, options: DrainQueuesOptions = {}): Promise<number> {
  const worker = findProvider(app, Worker);
  if (!worker) throw new AcbTestingError(TestingMessages.missingSystem('drainQueues', 'AcbQueuesModule', 'queues'));
  const publisher = findProvider(app, EventPublisher);
  const maxTasks = options.maxTasks ?? 10_000;
  let total = 0;
  for (;;) {
    await publisher?.settled();
    const allowed = maxTasks - total;
    const ran = await worker.processAll({ maxTasks: allowed });
    total += ran;
    if (ran === 0) return total;
    if (ran === allowed) {
      await publisher?.settled();
      if (await worker.process()) throw new AcbTestingError(TestingMessages.drainDidNotSettle(maxTasks));
      return total;
    }
  }
}
