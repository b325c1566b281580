import { EventsMessages } from '../events.messages';

/** A viaQueue handler exists but no queue bridge is configured; thrown at start. */
export class ViaQueueUnavailableError extends Error {
  constructor(readonly handler: string) {
    super(EventsMessages.viaQueueUnavailable(handler));
    this.name = 'ViaQueueUnavailableError';
  }
}
