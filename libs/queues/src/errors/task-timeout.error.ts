import { QueuesMessages } from '../queues.messages';

/** The reason a task's AbortSignal carries when its `timeoutMs` ran out; the attempt fails and is retried. */
export class TaskTimeoutError extends Error {
  constructor(readonly taskName: string, readonly timeoutMs: number) {
    super(QueuesMessages.taskTimeout(taskName, timeoutMs));
    this.name = 'TaskTimeoutError';
  }
}
