import { QueuesMessages } from '../queues.messages';

/** Thrown at start for a backend name that is not memory, redis or rabbitmq. */
export class UnknownQueueBackendError extends Error {
  constructor(readonly backend: string, valid: readonly string[]) {
    super(QueuesMessages.unknownBackend(backend, valid));
    this.name = 'UnknownQueueBackendError';
  }
}
