import { Injectable } from '@nestjs/common';
import { EventEmitter2, EventEmitterModule, OnEvent } from '@nestjs/event-emitter';
import { Test } from '@nestjs/testing';
import { EventPublisher, EventSubscriber } from '../src';
import { createEventsApp, silentLogger } from './helpers';

@Injectable()
class NestListeners {
  ok = 0;
  @OnEvent('order.placed', { suppressErrors: false })
  fails() {
    throw new Error('listener failed');
  }
  @OnEvent('order.placed')
  async succeeds() {
    await new Promise((resolve) => setTimeout(resolve, 5));
    this.ok += 1;
  }
}

describe('compared with @nestjs/event-emitter', () => {
  it('nest: one failing listener rejects emitAsync and the other outcomes are not reported; ours reports each', async () => {
    const nest = await Test.createTestingModule({ imports: [EventEmitterModule.forRoot({ wildcard: true })], providers: [NestListeners] })
      .setLogger(silentLogger)
      .compile();
    await nest.init();
    await expect(nest.get(EventEmitter2).emitAsync('order.placed', {})).rejects.toThrow('listener failed');
    await nest.close();

    const ours = await createEventsApp({ maxRetries: 0 });
    ours.get(EventSubscriber).on('order.placed', () => {
      throw new Error('listener failed');
    }, { name: 'fails' });
    ours.get(EventSubscriber).on('order.placed', async () => undefined, { name: 'succeeds' });
    const report = await ours.get(EventPublisher).emit('order.placed', {});
    expect(report.handlers).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ handler: 'fails', status: 'failed', attempts: 1 }),
        { handler: 'succeeds', status: 'succeeded', attempts: 1 },
      ]),
    );
    await ours.get(EventPublisher).settled();
    await ours.close();
  });
});
