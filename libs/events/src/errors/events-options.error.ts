/** AcbEventsModule options are invalid; thrown at start. */
export class EventsOptionsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EventsOptionsError';
  }
}
