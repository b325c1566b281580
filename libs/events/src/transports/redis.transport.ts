import { serializeTransportable } from '@acb/common';
import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import type { EventDispatcher } from '../event.dispatcher';
import type { EventHandlerRecord, EventHandlerRegistry } from '../event-handler.registry';
import { EventsMessages } from '../events.messages';
import type { HandlerOutcome } from '../interfaces/emit-report.interface';
import type { EventEnvelope } from '../interfaces/event-envelope.interface';
import type { ResolvedEventsOptions } from '../interfaces/events-module-options.interface';
import { assertSerializable } from '../utils/assert-serializable';
import type { EventTransport } from './event-transport.interface';
import { RedisGroupConsumer } from './redis-group.consumer';

/**
 * Delivery through one Redis stream, `<streamPrefix>:stream`, shared by every app that uses the prefix.
 * Every handler has its own consumer group, so each process's handlers see every event, and the instances of
 * one handler share its group, so the handler runs once per event across them (at least once across crashes).
 */
export class RedisEventTransport implements EventTransport {
  readonly kind = 'redis' as const;
  private readonly logger = new Logger('AcbEvents');
  private readonly consumers = new Map<EventHandlerRecord, RedisGroupConsumer>();
  private readonly stream: string;
  private started = false;
  private stopRegistryWatch?: () => void;

  constructor(
    private readonly options: NonNullable<ResolvedEventsOptions['redis']>,
    private readonly commands: Redis,
    private readonly registry: EventHandlerRegistry,
    private readonly dispatcher: EventDispatcher,
    private readonly graceMs: number,
  ) {
    this.stream = `${options.streamPrefix}:stream`;
  }

  async publish(event: EventEnvelope): Promise<HandlerOutcome[]> {
    assertSerializable(event.name, event.payload);
    assertSerializable(event.name, event.metadata, 'metadata');
    await this.commands.xadd(this.stream, 'MAXLEN', '~', this.options.maxLen, '*', 'event', serializeTransportable(event));
    return this.registry.match(event.name).map((record) => ({ handler: record.name, status: 'queued', attempts: 0 }));
  }

  async start(): Promise<void> {
    this.started = true;
    this.stopRegistryWatch = this.registry.onChange((record, change) => {
      if (change === 'added') {
        this.startConsumer(record).catch((error: unknown) =>
          this.logger.error(EventsMessages.redisConsumerError(record.name, String(error))),
        );
      } else {
        const consumer = this.consumers.get(record);
        this.consumers.delete(record);
        void consumer?.stop(this.graceMs);
      }
    });
    await Promise.all(this.registry.all().map((record) => this.startConsumer(record)));
  }

  async stop(graceMs: number): Promise<void> {
    if (!this.started) return;
    this.started = false;
    this.stopRegistryWatch?.();
    const consumers = [...this.consumers.values()];
    this.consumers.clear();
    const deadline = Date.now() + graceMs;
    await Promise.all(consumers.map((consumer) => consumer.stop(graceMs)));
    await this.dispatcher.drain(Math.max(0, deadline - Date.now()));
  }

  private async startConsumer(record: EventHandlerRecord): Promise<void> {
    if (!this.started || this.consumers.has(record)) return;
    const consumer = new RedisGroupConsumer(record, this.commands, this.stream, this.options, this.registry, this.dispatcher);
    this.consumers.set(record, consumer);
    await consumer.start();
  }
}
