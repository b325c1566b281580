import { EventsMessages } from '../events.messages';

/** An attempt of a handler exceeded its timeout (the attempt is abandoned, not cancelled). */
export class EventHandlerTimeoutError extends Error {
  constructor(readonly handler: string, readonly timeoutMs: number) {
    super(EventsMessages.handlerTimedOut(handler, timeoutMs));
    this.name = 'EventHandlerTimeoutError';
  }
}
