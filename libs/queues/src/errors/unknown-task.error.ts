import { QueuesMessages } from '../queues.messages';

/** Thrown by Queue.enqueue() for a task name no handler in this application knows (and not declared remote). */
export class UnknownTaskError extends Error {
  constructor(readonly taskName: string, known: readonly string[]) {
    super(QueuesMessages.unknownTask(taskName, known));
    this.name = 'UnknownTaskError';
  }
}
