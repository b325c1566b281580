import { EventsMessages } from '../events.messages';

/** An emitted event name is malformed (empty, wildcard, bad characters). */
export class InvalidEventNameError extends Error {
  constructor(readonly eventName: unknown, reason: string) {
    super(EventsMessages.invalidEventName(eventName, reason));
    this.name = 'InvalidEventNameError';
  }
}
