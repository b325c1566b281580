import { EventsMessages } from '../events.messages';

/** A handler pattern is malformed; thrown at start, naming the handler. */
export class InvalidEventPatternError extends Error {
  constructor(readonly pattern: unknown, readonly owner: string, reason: string) {
    super(EventsMessages.invalidPattern(pattern, owner, reason));
    this.name = 'InvalidEventPatternError';
  }
}
