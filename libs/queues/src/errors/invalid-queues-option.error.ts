import { QueuesMessages } from '../queues.messages';

/** Thrown at start for a module option out of range (concurrency < 1, negative timeouts...). */
export class InvalidQueuesOptionError extends Error {
  constructor(readonly option: string, reason: string) {
    super(QueuesMessages.invalidModuleOption(option, reason));
    this.name = 'InvalidQueuesOptionError';
  }
}
