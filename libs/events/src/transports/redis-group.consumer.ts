import { deserializeTransportable } from '@acb/common';
import { Logger } from '@nestjs/common';
import type Redis from 'ioredis';
import { requireOptionalPeer } from '@acb/common';
import type { EventDispatcher } from '../event.dispatcher';
import type { EventHandlerRecord, EventHandlerRegistry } from '../event-handler.registry';
import { EventsMessages } from '../events.messages';
import { EventDeliveryLimitError } from '../errors/event-delivery-limit.error';
import type { EventEnvelope } from '../interfaces/event-envelope.interface';
import type { ResolvedEventsOptions } from '../interfaces/events-module-options.interface';
import { toErrorInfo } from '../utils/error-info';

type StreamEntry = [id: string, fields: string[]];
type RedisOptions = NonNullable<ResolvedEventsOptions['redis']>;

/**
 * One handler's consumer in its consumer group `<consumerGroup>:<handlerName>`: reads new entries with a
 * blocking XREADGROUP on its own connection, handles them one at a time in stream order, XACKs after success
 * or after dead-lettering, and reclaims entries other consumers left pending longer than `claimIdleMs`
 * (XAUTOCLAIM). The idle time of the entries in hand is reset every `claimIdleMs / 3`, so a slow but live
 * consumer's entries are not reclaimed.
 */
export class RedisGroupConsumer {
  private readonly logger = new Logger('AcbEvents');
  private readonly reader: Redis;
  readonly group: string;
  private running = false;
  private reading = false;
  private loop?: Promise<void>;
  private nextClaimAt = 0;
  private keepAlive?: ReturnType<typeof setInterval>;
  /** Entries handed to this consumer and not yet acknowledged (the batch in hand). */
  private readonly held = new Set<string>();

  constructor(
    private readonly record: EventHandlerRecord,
    private readonly commands: Redis,
    private readonly stream: string,
    private readonly options: RedisOptions,
    private readonly registry: EventHandlerRegistry,
    private readonly dispatcher: EventDispatcher,
  ) {
    this.group = `${options.consumerGroup}:${record.name}`;
    const { Redis: RedisClient } = requireOptionalPeer<typeof import('ioredis')>('ioredis', 'the redis event transport', () => require('ioredis'));
    this.reader = new RedisClient(options.url, { maxRetriesPerRequest: null, lazyConnect: true });
  }

  /** Creates the group (from now on: `$`) and starts the read loop. */
  async start(): Promise<void> {
    await this.reader.connect();
    await this.createGroup();
    this.running = true;
    this.nextClaimAt = Date.now() + this.options.claimIntervalMs;
    // NOTE: a batch is handled one entry at a time; refreshing the idle time of every entry still in hand keeps
    // a live but slow consumer's entries from being reclaimed (and handled twice) by another instance.
    this.keepAlive = setInterval(() => this.refreshHeld(), Math.max(50, Math.floor(this.options.claimIdleMs / 3)));
    this.loop = this.run();
  }

  /**
   * Stops reading, waits up to `graceMs` for the entry in hand, closes the reading connection. An entry still
   * running after that stays pending (its idle time no longer refreshed) and another instance reclaims it.
   */
  async stop(graceMs: number): Promise<void> {
    this.running = false;
    // NOTE: a blocked XREADGROUP would hold shutdown for up to blockMs; closing its connection ends it now.
    // An entry Redis already handed to this consumer stays pending and is reclaimed by another instance.
    if (this.reading) this.reader.disconnect();
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([this.loop, new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)))]);
    clearTimeout(timer);
    clearInterval(this.keepAlive);
    this.held.clear();
    this.reader.disconnect();
  }

  private async createGroup(): Promise<void> {
    try {
      await this.commands.xgroup('CREATE', this.stream, this.group, '$', 'MKSTREAM');
    } catch (error) {
      if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
    }
  }

  private async run(): Promise<void> {
    while (this.running) {
      try {
        if (Date.now() >= this.nextClaimAt) {
          this.nextClaimAt = Date.now() + this.options.claimIntervalMs;
          await this.reclaim();
        }
        this.reading = true;
        const reply = (await this.reader.xreadgroup(
          'GROUP', this.group, this.options.consumerName,
          'COUNT', this.options.batchSize,
          'BLOCK', this.options.blockMs,
          'STREAMS', this.stream, '>',
        )) as Array<[string, StreamEntry[]]> | null;
        this.reading = false;
        if (!reply) continue;
        for (const [, entries] of reply) {
          for (const [id] of entries) this.held.add(id);
          for (const entry of entries) await this.handle(entry);
        }
      } catch (error) {
        this.reading = false;
        // Entries of an interrupted batch are no longer refreshed: they go idle and are reclaimed.
        this.held.clear();
        if (!this.running) break;
        const message = toErrorInfo(error).message;
        this.logger.error(EventsMessages.redisConsumerError(this.group, message));
        await new Promise((resolve) => setTimeout(resolve, 500));
        // The stream or group was deleted under us (NOGROUP): recreate it and carry on from its end.
        if (message.includes('NOGROUP') && this.running) await this.createGroup().catch(() => undefined);
      }
    }
  }

  private async reclaim(): Promise<void> {
    let cursor = '0-0';
    do {
      const [next, entries] = (await this.reader.xautoclaim(
        this.stream, this.group, this.options.consumerName, this.options.claimIdleMs, cursor,
        'COUNT', this.options.batchSize,
      )) as [string, Array<StreamEntry | null>];
      const claimed = entries.filter((entry): entry is StreamEntry => entry !== null);
      for (const [id] of claimed) this.held.add(id);
      for (const entry of claimed) await this.handle(entry, await this.deliveries(entry[0]));
      cursor = next;
    } while (cursor !== '0-0' && this.running);
  }

  /** How often Redis has handed this entry to a consumer of the group (XPENDING). */
  private async deliveries(id: string): Promise<number> {
    const rows = (await this.reader.xpending(this.stream, this.group, id, id, 1)) as Array<[string, string, number, number]>;
    return rows[0]?.[3] ?? 1;
  }

  private async handle([id, fields]: StreamEntry, deliveries = 1): Promise<void> {
    try {
      const event = parseEnvelope(fields);
      if (event && deliveries > this.options.maxDeliveries && this.registry.matches(this.record, event.name)) {
        await this.dispatcher.deadLetter(this.record, event, new EventDeliveryLimitError(this.record.name, deliveries), 0);
      } else if (event && this.registry.matches(this.record, event.name)) {
        await this.dispatcher.deliver(this.record, event);
      }
      await this.commands.xack(this.stream, this.group, id);
    } finally {
      this.held.delete(id);
    }
  }

  private refreshHeld(): void {
    if (this.held.size === 0) return;
    this.commands
      .xclaim(this.stream, this.group, this.options.consumerName, 0, ...this.held, 'JUSTID')
      .catch(() => undefined);
  }
}

function parseEnvelope(fields: string[]): EventEnvelope | undefined {
  for (let index = 0; index + 1 < fields.length; index += 2) {
    if (fields[index] === 'event') {
      try {
        // NOTE: the contract's decoding: Dates of the payload arrive as Dates, as they were emitted.
        return deserializeTransportable<EventEnvelope>(fields[index + 1]);
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}
