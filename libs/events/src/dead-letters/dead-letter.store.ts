import { Inject, Injectable } from '@nestjs/common';
import { ACB_DEAD_LETTER_BACKEND } from '../events.constants';
import { EventDispatcher } from '../event.dispatcher';
import { EventHandlerRegistry } from '../event-handler.registry';
import { UnknownDeadLetterError } from '../errors/unknown-dead-letter.error';
import { UnknownEventHandlerError } from '../errors/unknown-event-handler.error';
import type { DeadLetter } from '../interfaces/dead-letter.interface';
import type { HandlerOutcome } from '../interfaces/emit-report.interface';
import type { DeadLetterBackend } from './dead-letter-backend.interface';

/** Which dead letters `list` returns. */
export interface DeadLetterQuery {
  handler?: string;
  eventName?: string;
}

/**
 * Failed deliveries (a handler's last attempt failed or timed out, or its filter threw), kept for inspection
 * and replay. In memory on the `local` transport, in Redis (shared by the app's instances) on `redis`.
 */
@Injectable()
export class DeadLetterStore {
  constructor(
    @Inject(ACB_DEAD_LETTER_BACKEND) private readonly backend: DeadLetterBackend,
    private readonly registry: EventHandlerRegistry,
    private readonly dispatcher: EventDispatcher,
  ) {}

  /** Dead letters, oldest first, optionally only one handler's or one event name's. */
  async list(query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    const all = await this.backend.list();
    return all.filter(
      (deadLetter) =>
        (query.handler === undefined || deadLetter.handler === query.handler) &&
        (query.eventName === undefined || deadLetter.event.name === query.eventName),
    );
  }

  get(id: string): Promise<DeadLetter | undefined> {
    return this.backend.get(id);
  }

  /**
   * Delivers the event again to its handler, in this process, with the handler's full retry policy
   * (attempt counting restarts at 1). The record is removed; a new failure writes a new dead letter.
   * Throws `UnknownDeadLetterError` / `UnknownEventHandlerError` (the record is then kept).
   */
  async replay(id: string): Promise<HandlerOutcome> {
    const deadLetter = await this.backend.get(id);
    if (!deadLetter) throw new UnknownDeadLetterError(id);
    const record = this.registry.get(deadLetter.handler);
    if (!record) throw new UnknownEventHandlerError(deadLetter.handler);
    if (!(await this.backend.remove(id))) throw new UnknownDeadLetterError(id);
    return this.dispatcher.deliver(record, { ...deadLetter.event, attempt: 1 });
  }

  /** Replays every dead letter (of `query`), one after the other, oldest first. */
  async replayAll(query: DeadLetterQuery = {}): Promise<HandlerOutcome[]> {
    const outcomes: HandlerOutcome[] = [];
    for (const deadLetter of await this.list(query)) outcomes.push(await this.replay(deadLetter.id));
    return outcomes;
  }

  /** Deletes one dead letter (`id`) or all; resolves with how many were deleted. */
  async purge(id?: string): Promise<number> {
    if (id !== undefined) return (await this.backend.remove(id)) ? 1 : 0;
    return this.backend.purge();
  }
}
