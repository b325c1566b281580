import { QueuesMessages } from '../queues.messages';

/** Thrown by Queue.enqueue() when the payload cannot survive JSON (functions, cycles, BigInt, NaN, class instances...). */
export class InvalidPayloadError extends Error {
  constructor(readonly taskName: string, readonly reason: string) {
    super(QueuesMessages.invalidPayload(taskName, reason));
    this.name = 'InvalidPayloadError';
  }
}
