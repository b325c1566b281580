import { EventsMessages } from '../events.messages';

/** A Redis stream entry was delivered `deliveries` times without acknowledgement (its consumers kept dying). */
export class EventDeliveryLimitError extends Error {
  constructor(readonly handler: string, readonly deliveries: number) {
    super(EventsMessages.deliveryLimit(handler, deliveries));
    this.name = 'EventDeliveryLimitError';
  }
}
