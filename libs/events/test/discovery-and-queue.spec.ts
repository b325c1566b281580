import { Injectable } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import {
  DuplicateEventHandlerError,
  EventPublisher,
  EventsSettings,
  eventsOptionsFromSettings,
  EventSubscriber,
  OnAcbEvent,
  ViaQueueUnavailableError,
  discoverEventHandlers,
  type EventEnvelope,
  type EventQueueBridge,
  type QueuedEventRunner,
} from '../src';
import { createEventsApp } from './helpers';

class AuditHandlers {
  readonly seen: string[] = [];
  @OnAcbEvent(['user.updated', 'user.deleted'])
  onChange(payload: { userId: string }, event: EventEnvelope) {
    this.seen.push(`${event.name}:${payload.userId}`);
  }
}

class OtherHandlers {
  @OnAcbEvent('user.updated', { name: 'other' })
  onUpdate() {
    return 'updated';
  }
}

describe('discoverEventHandlers', () => {
  it('finds handlers on instances, classes and module namespaces and registers them', async () => {
    const app = await createEventsApp();
    const instance = new AuditHandlers();
    const fromInstance = discoverEventHandlers([instance]);
    expect(fromInstance).toEqual([
      expect.objectContaining({ owner: 'AuditHandlers.onChange', patterns: ['user.updated', 'user.deleted'] }),
    ]);
    const fromNamespace = discoverEventHandlers({ OtherHandlers, notAClass: 42, helper: () => 1 });
    expect(fromNamespace.map((h) => h.owner)).toEqual(['OtherHandlers.onUpdate']);
    expect(discoverEventHandlers(AuditHandlers)).toHaveLength(1);

    const off = app.get(EventSubscriber).register([...fromInstance, ...fromNamespace]);
    const report = await app.get(EventPublisher).emit('user.updated', { userId: '7' });
    expect(report.handlers.map((h) => h.handler).sort()).toEqual(['AuditHandlers.onChange', 'other']);
    expect(instance.seen).toEqual(['user.updated:7']);
    off();
    expect((await app.get(EventPublisher).emit('user.updated', { userId: '8' })).handlers).toEqual([]);
    await app.close();
  });

  it('registers handlers of providers whose class inherits them or that a factory made', async () => {
    class BaseAudit {
      readonly seen: string[] = [];
      @OnAcbEvent('account.closed')
      onClosed(payload: { id: string }) {
        this.seen.push(payload.id);
      }
    }
    @Injectable()
    class Audit extends BaseAudit {}
    const made = new OtherHandlers();
    const app = await createEventsApp({}, [Audit, { provide: 'MADE', useFactory: () => made }]);
    await app.get(EventPublisher).emit('account.closed', { id: 'a1' });
    expect(app.get(Audit).seen).toEqual(['a1']);
    const report = await app.get(EventPublisher).emit('user.updated', { userId: '1' });
    expect(report.handlers.map((h) => h.handler)).toEqual(['other']);
    await app.close();
  });

  it('refuses two handlers with one name', async () => {
    const app = await createEventsApp();
    const subscriber = app.get(EventSubscriber);
    subscriber.on('a', () => undefined, { name: 'same' });
    expect(() => subscriber.on('b', () => undefined, { name: 'same' })).toThrow(DuplicateEventHandlerError);
    await app.close();
  });
});

describe('viaQueue hook', () => {
  @Injectable()
  class QueuedListener {
    readonly handled: unknown[] = [];
    @OnAcbEvent('order.placed', { viaQueue: true, maxRetries: 2, filter: (e) => (e.payload as { total: number }).total > 0 })
    async process(payload: unknown) {
      this.handled.push(payload);
    }
  }

  it('fails at start naming the handler when no queue bridge is configured', async () => {
    await expect(createEventsApp({}, [QueuedListener])).rejects.toBeInstanceOf(ViaQueueUnavailableError);
    await expect(createEventsApp({}, [QueuedListener])).rejects.toThrow(/QueuedListener\.process/);
  });

  it('registers a task per handler and enqueues matching events instead of calling in-process', async () => {
    const tasks = new Map<string, { run: QueuedEventRunner; options: { maxRetries: number } }>();
    const enqueued: Array<{ task: string; event: EventEnvelope }> = [];
    const bridge: EventQueueBridge = {
      register: (taskName, run, options) => void tasks.set(taskName, { run, options }),
      enqueue: async (taskName, event) => {
        enqueued.push({ task: taskName, event });
        return `task-${enqueued.length}`;
      },
    };
    const app = await createEventsApp({ appName: 'shop', queueBridge: bridge }, [QueuedListener]);
    expect([...tasks.keys()]).toEqual(['acb.event:shop:QueuedListener.process']);
    expect(tasks.get('acb.event:shop:QueuedListener.process')?.options.maxRetries).toBe(2);

    const report = await app.get(EventPublisher).emit('order.placed', { total: 10 });
    const filtered = await app.get(EventPublisher).emit('order.placed', { total: 0 });
    expect(report.handlers).toEqual([{ handler: 'QueuedListener.process', status: 'queued', attempts: 0 }]);
    expect(filtered.handlers[0].status).toBe('filtered');
    expect(app.get(QueuedListener).handled).toEqual([]);
    expect(enqueued).toHaveLength(1);

    await tasks.get(enqueued[0].task)!.run(enqueued[0].event);
    expect(app.get(QueuedListener).handled).toEqual([{ total: 10 }]);
    await app.close();
  });

  it('lets the queue see a failure of the queued run (so its retries apply) and reports a failed enqueue', async () => {
    let run: QueuedEventRunner | undefined;
    const bridge: EventQueueBridge = {
      register: (_name, runner) => void (run = runner),
      enqueue: async () => {
        throw new Error('queue down');
      },
    };
    const app = await createEventsApp({ queueBridge: bridge });
    app.get(EventSubscriber).on('pay', () => {
      throw new Error('card declined');
    }, { viaQueue: true, name: 'payer' });
    const report = await app.get(EventPublisher).emit('pay', {});
    expect(report.handlers[0]).toMatchObject({ handler: 'payer', status: 'failed', error: { message: 'queue down' } });
    await expect(run!({ id: '1', name: 'pay', payload: {}, metadata: {}, timestamp: 0, correlationId: '1', attempt: 1 })).rejects.toThrow(
      'card declined',
    );
    await app.get(EventPublisher).settled();
    await app.close();
  });
});

describe('EventsSettings', () => {
  it('accepts a valid section and names invalid keys', () => {
    const ok = plainToInstance(EventsSettings, { transport: 'redis', redis: { url: 'redis://h:1' }, backoff: { jitter: 0.1 } });
    expect(validateSync(ok)).toEqual([]);
    const bad = plainToInstance(EventsSettings, { transport: 'kafka', maxRetries: -1, backoff: { jitter: 3 }, redis: {} });
    const errors = validateSync(bad);
    expect(errors.map((e) => e.property).sort()).toEqual(['backoff', 'maxRetries', 'redis', 'transport']);
  });

  it('maps YAML seconds to the options\' milliseconds and leaves unset keys to the defaults', () => {
    const settings = plainToInstance(EventsSettings, {
      maxRetries: 2,
      handlerTimeout: 1.5,
      shutdownTimeout: 10,
      backoff: { type: 'fixed', delay: 0.25, maxDelay: 30 },
      redis: { url: 'redis://h:1', claimIdle: 30, block: 0.1 },
    });
    expect(eventsOptionsFromSettings(settings)).toEqual({
      maxRetries: 2,
      handlerTimeoutMs: 1500,
      shutdownTimeoutMs: 10_000,
      backoff: { type: 'fixed', delayMs: 250, maxDelayMs: 30_000 },
      redis: { url: 'redis://h:1', claimIdleMs: 30_000, blockMs: 100 },
    });
    expect(eventsOptionsFromSettings(plainToInstance(EventsSettings, {}))).toEqual({});
  });

  it('refuses a duration key still written in milliseconds, naming it and the seconds spelling', () => {
    for (const section of [{ handlerTimeoutMs: 30_000 }, { backoff: { initial_ms: 100 } }, { redis: { url: 'redis://h', blockMs: 1000 } }]) {
      expect(() => eventsOptionsFromSettings(plainToInstance(EventsSettings, section))).toThrow(/durations in settings\/events.yml are seconds/);
    }
    expect(() => eventsOptionsFromSettings(plainToInstance(EventsSettings, { handlerTimeoutMs: 1 }))).toThrow(/^events.handlerTimeoutMs:/);
  });
});
