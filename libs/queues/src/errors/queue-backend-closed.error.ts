import { QueuesMessages } from '../queues.messages';

/** Thrown when a closed backend is used. */
export class QueueBackendClosedError extends Error {
  constructor(readonly backend: string) {
    super(QueuesMessages.backendClosed(backend));
    this.name = 'QueueBackendClosedError';
  }
}
