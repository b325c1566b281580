import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { AcbEvent, AcbEventsModule, EventPublisher, OnAcbEvent } from '@acb/events';
import { EventRecorder } from './event-recorder';

class OrderPlaced extends AcbEvent<{ orderId: string }> {
  static readonly eventName = 'order.placed';
}

@Injectable()
class SlowMailer {
  sent = 0;
  @OnAcbEvent('order.placed')
  async send() {
    await new Promise((resolve) => setTimeout(resolve, 20));
    this.sent += 1;
  }
}

describe('EventRecorder', () => {
  let moduleRef: TestingModule;

  beforeEach(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [AcbEventsModule.forRoot({})],
      providers: [EventRecorder, SlowMailer],
    }).compile();
    await moduleRef.init();
  });

  afterEach(() => moduleRef.close());

  it('captures emitted events by name, wildcard and typed class, and awaits handlers', async () => {
    const publisher = moduleRef.get(EventPublisher);
    const recorder = moduleRef.get(EventRecorder);
    await publisher.emit(new OrderPlaced({ orderId: 'o-1' }), { wait: false });
    await publisher.emit('order.cancelled', { orderId: 'o-2' });
    await publisher.emit('nobody.listens');

    expect(recorder.emitted('order.placed')).toHaveLength(1);
    expect(recorder.emitted('order.*').map((e) => e.name)).toEqual(['order.placed', 'order.cancelled']);
    expect(recorder.payloads(OrderPlaced)).toEqual([{ orderId: 'o-1' }]);
    expect(recorder.last()?.name).toBe('nobody.listens');
    expect(recorder.emitted()).toHaveLength(3);

    expect(moduleRef.get(SlowMailer).sent).toBe(0);
    await recorder.settled();
    expect(moduleRef.get(SlowMailer).sent).toBe(1);

    recorder.clear();
    expect(recorder.emitted()).toEqual([]);
  });

  it('waits for events still to come and times out with a clear message', async () => {
    const recorder = moduleRef.get(EventRecorder);
    const publisher = moduleRef.get(EventPublisher);
    const waiting = recorder.waitFor('order.placed', { count: 2 });
    await publisher.emit('order.placed', { orderId: 'a' });
    await publisher.emit('order.placed', { orderId: 'b' });
    expect((await waiting).map((e) => e.payload)).toEqual([{ orderId: 'a' }, { orderId: 'b' }]);
    await expect(recorder.waitFor('never.emitted', { timeoutMs: 20 })).rejects.toThrow(
      'expected 1 "never.emitted" event(s) within 20 ms, got 0',
    );
  });

  it('stops recording when stopped', async () => {
    const recorder = moduleRef.get(EventRecorder);
    recorder.stop();
    await moduleRef.get(EventPublisher).emit('order.placed', { orderId: 'x' });
    expect(recorder.emitted()).toEqual([]);
    recorder.start();
    await moduleRef.get(EventPublisher).emit('order.placed', { orderId: 'y' });
    expect(recorder.payloads()).toEqual([{ orderId: 'y' }]);
    await recorder.settled();
  });
});
