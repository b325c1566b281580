import { QueuesMessages } from '../queues.messages';

/** Thrown by @OnTaskEvent (when the class is declared) for a type that is not a task event. */
export class UnknownTaskEventError extends Error {
  constructor(readonly type: string, valid: readonly string[]) {
    super(QueuesMessages.unknownTaskEvent(type, valid));
    this.name = 'UnknownTaskEventError';
  }
}
