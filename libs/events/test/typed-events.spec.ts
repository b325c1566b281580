import { Injectable } from '@nestjs/common';
import { AcbEvent, EventPublisher, EventSubscriber, InvalidEventNameError, OnAcbEvent, type EventEnvelope, type PayloadOf } from '../src';
import { createEventsApp } from './helpers';

class OrderPlaced extends AcbEvent<{ orderId: string; total: number }> {
  static readonly eventName = 'order.placed';
}

@Injectable()
class TypedListener {
  readonly totals: number[] = [];

  @OnAcbEvent(OrderPlaced, { filter: (event) => event.payload.total > 0 })
  onPlaced(payload: PayloadOf<typeof OrderPlaced>, event: EventEnvelope<PayloadOf<typeof OrderPlaced>>) {
    this.totals.push(payload.total + event.payload.total);
  }

  @OnAcbEvent(OrderPlaced)
  withoutArguments() {
    return undefined;
  }
}

// The type-level contract (a handler whose payload does not fit is rejected) is typed-handlers.types.spec.ts.

describe('typed events', () => {
  it('routes by the class, types the handler and the filter, and checks the subscriber callback', async () => {
    const app = await createEventsApp({}, [TypedListener]);
    const seen: string[] = [];
    app.get(EventSubscriber).on(OrderPlaced, (payload) => void seen.push(payload.orderId));
    const report = await app.get(EventPublisher).emit(new OrderPlaced({ orderId: 'o-9', total: 21 }));
    expect(report.name).toBe('order.placed');
    expect(report.handlers).toHaveLength(3);
    expect(app.get(TypedListener).totals).toEqual([42]);
    expect(seen).toEqual(['o-9']);
    expect(new OrderPlaced({ orderId: 'x', total: 1 }).eventName).toBe('order.placed');
    await app.close();
  });

  it('rejects an event class that names no event', async () => {
    class Nameless extends AcbEvent<{ a: number }> {}
    const app = await createEventsApp();
    await expect(app.get(EventPublisher).emit(new Nameless({ a: 1 }))).rejects.toBeInstanceOf(InvalidEventNameError);
    await app.close();
  });
});
