import { EventsMessages } from '../events.messages';

/** The payload cannot cross a process boundary as JSON (redis transport); thrown by emit. */
export class EventPayloadNotSerializableError extends Error {
  constructor(readonly eventName: string, readonly path: string, reason: string, label = 'payload') {
    super(EventsMessages.notSerializable(eventName, `${label}${path}`, reason));
    this.name = 'EventPayloadNotSerializableError';
  }
}
