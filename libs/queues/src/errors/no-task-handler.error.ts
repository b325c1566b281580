import { QueuesMessages } from '../queues.messages';

/** Why a task that reached a worker without a handler for its name was dead-lettered. */
export class NoTaskHandlerError extends Error {
  constructor(readonly taskName: string) {
    super(QueuesMessages.noHandler(taskName));
    this.name = 'NoTaskHandlerError';
  }
}
