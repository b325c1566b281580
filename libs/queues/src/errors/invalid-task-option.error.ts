import { QueuesMessages } from '../queues.messages';

/** Thrown at enqueue or registration for an out-of-range priority, delay, maxRetries, timeout or jobId. */
export class InvalidTaskOptionError extends Error {
  constructor(readonly taskName: string, readonly option: string, reason: string) {
    super(QueuesMessages.invalidOption(taskName, option, reason));
    this.name = 'InvalidTaskOptionError';
  }
}
