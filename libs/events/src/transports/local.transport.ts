import type { EventDispatcher } from '../event.dispatcher';
import type { EventHandlerRegistry } from '../event-handler.registry';
import type { HandlerOutcome } from '../interfaces/emit-report.interface';
import type { EventEnvelope } from '../interfaces/event-envelope.interface';
import type { EventTransport } from './event-transport.interface';

/**
 * In-process delivery: the registry's EventEmitter2 tree finds the matching handlers, the dispatcher runs each
 * on its own (unlike `emitAsync`, one handler's failure neither rejects the emit nor hides the others' outcomes).
 */
export class LocalEventTransport implements EventTransport {
  readonly kind = 'local' as const;

  constructor(
    private readonly registry: EventHandlerRegistry,
    private readonly dispatcher: EventDispatcher,
  ) {}

  publish(event: EventEnvelope): Promise<HandlerOutcome[]> {
    const records = this.registry.match(event.name);
    if (records.length === 0) return Promise.resolve([]);
    if (records.length === 1) return this.dispatcher.deliver(records[0], event).then((outcome) => [outcome]);
    return Promise.all(records.map((record) => this.dispatcher.deliver(record, event)));
  }

  async start(): Promise<void> {
    return undefined;
  }

  async stop(): Promise<void> {
    await this.dispatcher.idle();
  }
}
