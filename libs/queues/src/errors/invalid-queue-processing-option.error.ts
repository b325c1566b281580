/**
 * Thrown at start for a bad per-queue option (`@AcbProcessor`, `registerQueueAsync`) or options of one queue declared
 * twice. The message comes from QueuesMessages (`invalidQueueOption`, `conflictingQueueOptions`).
 */
export class InvalidQueueProcessingOptionError extends Error {
  constructor(readonly queue: string, message: string) {
    super(message);
    this.name = 'InvalidQueueProcessingOptionError';
  }
}
