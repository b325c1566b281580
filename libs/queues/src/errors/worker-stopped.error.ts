import { QueuesMessages } from '../queues.messages';

/** The reason a task's AbortSignal carries when a graceful stop gave up on it (the task goes back to the queue). */
export class WorkerStoppedError extends Error {
  constructor() {
    super(QueuesMessages.workerGaveUp());
    this.name = 'WorkerStoppedError';
  }
}
