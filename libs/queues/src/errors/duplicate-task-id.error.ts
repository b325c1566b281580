import { QueuesMessages } from '../queues.messages';

/** Thrown by a backend asked to store a task id that exists, without `deduplicate` (a caller bug, never the facade's). */
export class DuplicateTaskIdError extends Error {
  constructor(readonly taskId: string, readonly queue: string) {
    super(QueuesMessages.duplicateTaskId(taskId, queue));
    this.name = 'DuplicateTaskIdError';
  }
}
