import { type EventDispatcher, isInsideHandler } from '../event.dispatcher';
import type { EventHandlerRegistry } from '../event-handler.registry';
import type { HandlerOutcome } from '../interfaces/emit-report.interface';
import type { EventEnvelope } from '../interfaces/event-envelope.interface';
import type { EventTransport } from './event-transport.interface';

/**
 * In-process delivery: the registry finds the matching handlers, the dispatcher runs each
 * on its own (unlike `emitAsync`, one handler's failure neither rejects the emit nor hides the others' outcomes).
 */
export class LocalEventTransport implements EventTransport {
  readonly kind = 'local' as const;

  constructor(
    private readonly registry: EventHandlerRegistry,
    private readonly dispatcher: EventDispatcher,
  ) {}

  publish(event: EventEnvelope): Promise<HandlerOutcome[]> {
    return new Promise((resolve) => this.dispatch(event, resolve));
  }

  dispatch(event: EventEnvelope, done?: (outcomes: HandlerOutcome[]) => void): void {
    this.dispatcher.dispatch(this.registry.match(event.name), event, done, isInsideHandler());
  }

  async start(): Promise<void> {
    return undefined;
  }

  async stop(graceMs: number): Promise<void> {
    await this.dispatcher.drain(graceMs);
  }
}
