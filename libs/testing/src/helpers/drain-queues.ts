import { EventPublisher } from '@acb/events';
import { Worker } from '@acb/queues';
import { AcbTestingError } from '../errors/acb-testing.error';
import { TestingMessages } from '../testing.messages';
import { findProvider, type ApplicationLike } from './application-like';

/** Options of `drainQueues`. */
export interface DrainQueuesOptions {
  /**
   * Rounds of "run every due task, then let event handlers settle" before giving up (work that keeps producing work).
   * @default 100
   */
  maxRounds?: number;
}

/**
 * Runs every due task of `app`'s queues in the caller's flow (`Worker.processAll()` on the memory backend) until none
 * is due, letting event handlers settle between rounds, so tasks that emit events and handlers that enqueue tasks
 * (`viaQueue`) are followed to the end. Delayed tasks and retries waiting for their backoff stay delayed: with fake
 * timers, advance the clock and drain again.
 * @returns how many task runs there were (a retried task counts each attempt)
 * @throws AcbTestingError when the application has no `AcbQueuesModule`, or after `maxRounds` busy rounds
 */
export async function drainQueues(app: ApplicationLike, options: DrainQueuesOptions = {}): Promise<number> {
  const worker = findProvider(app, Worker);
  if (!worker) throw new AcbTestingError(TestingMessages.missingSystem('drainQueues', 'AcbQueuesModule', 'queues'));
  const publisher = findProvider(app, EventPublisher);
  const maxRounds = options.maxRounds ?? 100;
  let total = 0;
  for (let round = 0; round < maxRounds; round += 1) {
    await publisher?.settled();
    const ran = await worker.processAll();
    total += ran;
    if (ran === 0) return total;
  }
  throw new AcbTestingError(TestingMessages.drainDidNotSettle(maxRounds));
}
