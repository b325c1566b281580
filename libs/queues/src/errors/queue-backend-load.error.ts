import { QueuesMessages } from '../queues.messages';

/** Thrown at start when a backend's module loads but does not export its class. */
export class QueueBackendLoadError extends Error {
  constructor(readonly backend: string, modulePath: string, exportName: string) {
    super(QueuesMessages.backendModuleMissing(backend, modulePath, exportName));
    this.name = 'QueueBackendLoadError';
  }
}
