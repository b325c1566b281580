import { EventsMessages } from '../events.messages';

/** Two handlers share a name (names key consumer groups and dead letters). */
export class DuplicateEventHandlerError extends Error {
  constructor(readonly handler: string) {
    super(EventsMessages.duplicateHandlerName(handler));
    this.name = 'DuplicateEventHandlerError';
  }
}
