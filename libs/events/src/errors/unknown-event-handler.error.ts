import { EventsMessages } from '../events.messages';

/** A dead letter names a handler this application does not have. */
export class UnknownEventHandlerError extends Error {
  constructor(readonly handler: string) {
    super(EventsMessages.unknownHandler(handler));
    this.name = 'UnknownEventHandlerError';
  }
}
