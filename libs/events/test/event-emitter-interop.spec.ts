import { Injectable } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { AcbEventsModule, DeadLetterStore, EVENT_FAILED, EventPublisher, EventsOptionsError, OnAcbEvent, type AcbEventsModuleOptions } from '../src';
import { silentLogger } from './helpers';

@Injectable()
class LegacyOrderListener {
  readonly received: Array<{ name: string; payload: unknown }> = [];

  @OnEvent('order.*')
  onOrder(payload: unknown) {
    this.received.push({ name: 'order.*', payload });
  }

  @OnEvent(EVENT_FAILED)
  onFailed(payload: unknown) {
    this.received.push({ name: EVENT_FAILED, payload });
  }
}

@Injectable()
class AcbOrderHandlers {
  readonly received: unknown[] = [];
  failuresLeft = 1;

  @OnAcbEvent('order.created')
  onCreated(payload: unknown) {
    this.received.push(payload);
  }

  @OnAcbEvent('order.flaky', { maxRetries: 2 })
  onFlaky(payload: unknown) {
    this.received.push(payload);
    if (this.failuresLeft-- > 0) throw new Error('flaky once');
  }

  @OnAcbEvent('order.broken', { maxRetries: 1 })
  onBroken() {
    throw new Error('always');
  }
}

async function createApp(options: AcbEventsModuleOptions = {}, withEmitter = true) {
  const moduleRef = await Test.createTestingModule({
    imports: [
      ...(withEmitter ? [EventEmitterModule.forRoot({ wildcard: true, delimiter: '.' })] : []),
      AcbEventsModule.forRoot({ backoff: { delayMs: 1, jitter: 0 }, ...options }),
    ],
    providers: withEmitter ? [LegacyOrderListener, AcbOrderHandlers] : [AcbOrderHandlers],
  })
    .setLogger(silentLogger)
    .compile();
  await moduleRef.init();
  return moduleRef;
}

describe('AcbEventsModule beside @nestjs/event-emitter (local transport)', () => {
  it('delivers what ACB emits to @OnEvent listeners, once, with the payload', async () => {
    const app = await createApp();
    const report = await app.get(EventPublisher).emit('order.created', { orderId: 'o1' });
    expect(report.handlers).toEqual([{ handler: 'AcbOrderHandlers.onCreated', status: 'succeeded', attempts: 1 }]);
    expect(app.get(LegacyOrderListener).received).toEqual([{ name: 'order.*', payload: { orderId: 'o1' } }]);
    // not bounced back: the ACB handler ran once
    expect(app.get(AcbOrderHandlers).received).toEqual([{ orderId: 'o1' }]);
    await app.close();
  });

  it('delivers EventEmitter2.emit from existing code to @OnAcbEvent handlers, once', async () => {
    const app = await createApp();
    const emitter = app.get(EventEmitter2);
    emitter.emit('order.created', { orderId: 'o2' });
    await app.get(EventPublisher).settled();
    expect(app.get(AcbOrderHandlers).received).toEqual([{ orderId: 'o2' }]);
    expect(app.get(LegacyOrderListener).received).toEqual([{ name: 'order.*', payload: { orderId: 'o2' } }]);
    await app.close();
  });

  it('passes several EventEmitter2 arguments as one array payload; an array name is its dotted name', async () => {
    const app = await createApp();
    const emitter = app.get(EventEmitter2);
    emitter.emit('order.created', 'o6', { rush: true });
    emitter.emit(['order', 'created'], { orderId: 'array-name' });
    await app.get(EventPublisher).settled();
    expect(app.get(AcbOrderHandlers).received).toEqual([['o6', { rush: true }], { orderId: 'array-name' }]);
    await app.close();
  });

  it('applies retries and dead letters to ACB handlers only; acb.event.failed reaches @OnEvent', async () => {
    const app = await createApp();
    const emitter = app.get(EventEmitter2);
    emitter.emit('order.flaky', { n: 1 });
    emitter.emit('order.broken', { n: 2 });
    await app.get(EventPublisher).settled();
    const handlers = app.get(AcbOrderHandlers);
    expect(handlers.received).toEqual([{ n: 1 }, { n: 1 }]);
    const legacy = app.get(LegacyOrderListener).received;
    // the @OnEvent listener saw each event once, no retries
    expect(legacy.filter((entry) => entry.name === 'order.*').map((entry) => entry.payload)).toEqual([{ n: 1 }, { n: 2 }]);
    const deadLetters = await app.get(DeadLetterStore).list();
    expect(deadLetters.map((letter) => letter.handler)).toEqual(['AcbOrderHandlers.onBroken']);
    expect(legacy.filter((entry) => entry.name === EVENT_FAILED)).toEqual([
      { name: EVENT_FAILED, payload: expect.objectContaining({ eventName: 'order.broken', handler: 'AcbOrderHandlers.onBroken', attempts: 2 }) },
    ]);
    await app.close();
  });

  it('passes an event a listener re-emits on the other bus, without loops', async () => {
    @Injectable()
    class Relay {
      @OnEvent('order.created')
      relay(payload: { orderId: string }) {
        this.emitter.emit('invoice.requested', { orderId: payload.orderId });
      }

      constructor(private readonly emitter: EventEmitter2) {}
    }
    @Injectable()
    class Invoicing {
      readonly received: unknown[] = [];
      @OnAcbEvent('invoice.requested')
      onRequested(payload: unknown) {
        this.received.push(payload);
      }
    }
    const moduleRef = await Test.createTestingModule({
      imports: [EventEmitterModule.forRoot({ wildcard: true }), AcbEventsModule.forRoot()],
      providers: [Relay, Invoicing],
    })
      .setLogger(silentLogger)
      .compile();
    await moduleRef.init();
    await moduleRef.get(EventPublisher).emit('order.created', { orderId: 'o3' });
    await moduleRef.get(EventPublisher).settled();
    expect(moduleRef.get(Invoicing).received).toEqual([{ orderId: 'o3' }]);
    await moduleRef.close();
  });

  it('hands ACB events to EventEmitter2 only while something there listens: listeners added at run time get them', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [EventEmitterModule.forRoot({ wildcard: true }), AcbEventsModule.forRoot()],
      providers: [AcbOrderHandlers],
    })
      .setLogger(silentLogger)
      .compile();
    await moduleRef.init();
    const emitter = moduleRef.get(EventEmitter2);
    const publisher = moduleRef.get(EventPublisher);
    const emit = jest.spyOn(emitter, 'emit');
    await publisher.emit('order.created', { orderId: 'unheard' });
    expect(emit).not.toHaveBeenCalled();
    const heard: unknown[] = [];
    const any: unknown[] = [];
    emitter.on('order.*', (payload: unknown) => heard.push(payload));
    await publisher.emit('order.created', { orderId: 'heard' });
    expect(heard).toEqual([{ orderId: 'heard' }]);
    emitter.removeAllListeners();
    emitter.onAny((name: string | string[]) => any.push(name));
    emit.mockClear();
    await publisher.emit('order.created', { orderId: 'any' });
    expect(emit).toHaveBeenCalledTimes(1);
    expect(any).toEqual(['order.created']);
    expect(moduleRef.get(AcbOrderHandlers).received).toEqual([{ orderId: 'unheard' }, { orderId: 'heard' }, { orderId: 'any' }]);
    await moduleRef.close();
  });

  it('stays off with bridgeEventEmitter: false', async () => {
    const app = await createApp({ bridgeEventEmitter: false });
    await app.get(EventPublisher).emit('order.created', { orderId: 'o4' });
    app.get(EventEmitter2).emit('order.created', { orderId: 'o5' });
    await app.get(EventPublisher).settled();
    expect(app.get(LegacyOrderListener).received).toEqual([{ name: 'order.*', payload: { orderId: 'o5' } }]);
    expect(app.get(AcbOrderHandlers).received).toEqual([{ orderId: 'o4' }]);
    await app.close();
  });

  it('fails the start when the bridge is asked for without EventEmitterModule or on redis', async () => {
    await expect(createApp({ bridgeEventEmitter: true }, false)).rejects.toThrow(EventsOptionsError);
    await expect(createApp({ bridgeEventEmitter: true }, false)).rejects.toThrow(/EventEmitterModule\.forRoot\(\)/);
    await expect(
      createApp({ bridgeEventEmitter: true, transport: 'redis', redis: { url: 'redis://127.0.0.1:1', blockMs: 10 } }),
    ).rejects.toThrow(/transport is 'redis'/);
  });
});
