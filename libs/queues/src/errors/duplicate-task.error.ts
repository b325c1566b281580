import { QueuesMessages } from '../queues.messages';

/** Thrown when a task name is registered twice in one application. */
export class DuplicateTaskError extends Error {
  constructor(readonly taskName: string) {
    super(QueuesMessages.duplicateTask(taskName));
    this.name = 'DuplicateTaskError';
  }
}
