import { Inject, Injectable, Logger } from '@nestjs/common';
import { type EventPatternInput, toPatterns } from './acb-event';
import { ACB_EVENTS_RESOLVED_OPTIONS } from './events.constants';
import { EventsMessages } from './events.messages';
import { DuplicateEventHandlerError } from './errors/duplicate-event-handler.error';
import { ViaQueueUnavailableError } from './errors/via-queue-unavailable.error';
import type { EventEnvelope } from './interfaces/event-envelope.interface';
import type { EventHandlerFn, EventHandlerOptions } from './interfaces/event-handler.interface';
import type { ResolvedEventsOptions } from './interfaces/events-module-options.interface';
import { assertValidPattern } from './utils/event-pattern';
import { matchEventPattern } from './utils/match-event-pattern';

/** A registered handler with its options resolved against the module defaults. */
export interface EventHandlerRecord {
  readonly name: string;
  readonly patterns: readonly string[];
  readonly fn: EventHandlerFn;
  readonly maxRetries: number;
  readonly priority: number;
  readonly viaQueue: boolean;
  readonly timeoutMs: number;
  readonly filter?: (event: EventEnvelope) => boolean;
}

const MATCH_CACHE_LIMIT = 10_000;

type RegistryListener = (record: EventHandlerRecord, change: 'added' | 'removed') => void;

/**
 * The handlers of one application. Matching follows EventEmitter2's wildcard rules (`matchEventPattern`) without an
 * EventEmitter2 of its own: the one EventEmitter2 of an app is EventEmitterModule's, when it has one. Results are
 * cached per event name; a handler registered under several patterns that match one event is returned once; equal
 * priorities keep registration order.
 */
@Injectable()
export class EventHandlerRegistry {
  private readonly byName = new Map<string, EventHandlerRecord>();
  private readonly changeListeners = new Set<RegistryListener>();
  /** Match results per event name; cleared on every (un)registration. */
  private readonly matchCache = new Map<string, EventHandlerRecord[]>();
  private anonymousCount = 0;
  private readonly logger = new Logger('AcbEvents');

  constructor(@Inject(ACB_EVENTS_RESOLVED_OPTIONS) private readonly options: ResolvedEventsOptions) {}

  /**
   * Validates and registers a handler. `owner` names it in errors (`Class.method`) and is its default name.
   * Throws on an invalid pattern, a duplicate name, or `viaQueue` without a queue bridge.
   */
  register(input: EventPatternInput, fn: EventHandlerFn, options: EventHandlerOptions = {}, owner?: string): EventHandlerRecord {
    const name = options.name ?? owner ?? this.anonymousName(fn);
    if (!options.name && !owner && this.options.transport === 'redis') {
      this.logger.warn(EventsMessages.anonymousRedisHandler(name));
    }
    const patterns = toPatterns(input);
    if (patterns.length === 0) assertValidPattern(undefined, name);
    for (const pattern of patterns) assertValidPattern(pattern, name);
    if (this.byName.has(name)) throw new DuplicateEventHandlerError(name);
    if (options.viaQueue && !this.options.queueBridge) throw new ViaQueueUnavailableError(name);
    const record: EventHandlerRecord = {
      name,
      patterns: [...new Set(patterns as string[])],
      fn,
      maxRetries: options.maxRetries ?? this.options.maxRetries,
      priority: options.priority ?? 0,
      viaQueue: options.viaQueue ?? false,
      timeoutMs: options.timeoutMs ?? this.options.handlerTimeoutMs,
      filter: options.filter,
    };
    this.byName.set(name, record);
    this.matchCache.clear();
    for (const notify of this.changeListeners) notify(record, 'added');
    return record;
  }

  /** Removes a handler; returns false when it was not registered. */
  unregister(record: EventHandlerRecord): boolean {
    if (this.byName.get(record.name) !== record) return false;
    this.byName.delete(record.name);
    this.matchCache.clear();
    for (const notify of this.changeListeners) notify(record, 'removed');
    return true;
  }

  /** Handlers whose patterns match the concrete event name, highest priority first (do not mutate the result). */
  match(eventName: string): readonly EventHandlerRecord[] {
    const cached = this.matchCache.get(eventName);
    if (cached) return cached;
    const records = this.lookup(eventName);
    if (this.matchCache.size >= MATCH_CACHE_LIMIT) this.matchCache.clear();
    this.matchCache.set(eventName, records);
    return records;
  }

  private lookup(eventName: string): EventHandlerRecord[] {
    const records: EventHandlerRecord[] = [];
    for (const record of this.byName.values()) {
      if (record.patterns.some((pattern) => matchEventPattern(pattern, eventName))) records.push(record);
    }
    // NOTE: Array.prototype.sort is stable: equal priorities keep registration order.
    if (records.length > 1) records.sort((a, b) => b.priority - a.priority);
    return records;
  }

  /** Whether `record` (still registered) matches the event name. */
  matches(record: EventHandlerRecord, eventName: string): boolean {
    return this.match(eventName).includes(record);
  }

  get(name: string): EventHandlerRecord | undefined {
    return this.byName.get(name);
  }

  all(): EventHandlerRecord[] {
    return [...this.byName.values()];
  }

  /** Subscribes to registrations and removals (transports start and stop consumers with it). */
  onChange(listener: RegistryListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }

  private anonymousName(fn: EventHandlerFn): string {
    this.anonymousCount += 1;
    const base = fn.name && !fn.name.startsWith('bound ') ? fn.name : 'handler';
    const candidate = base === 'handler' ? `handler#${this.anonymousCount}` : base;
    return this.byName.has(candidate) ? `${candidate}#${this.anonymousCount}` : candidate;
  }
}
