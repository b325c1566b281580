import { EventsMessages } from '../events.messages';

/** No dead letter has this id. */
export class UnknownDeadLetterError extends Error {
  constructor(readonly deadLetterId: string) {
    super(EventsMessages.unknownDeadLetter(deadLetterId));
    this.name = 'UnknownDeadLetterError';
  }
}
