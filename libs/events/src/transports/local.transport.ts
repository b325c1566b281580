import { AcbContext } from '@acb/logger';
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
    const records = this.registry.match(event.name);
    const count = records.length;
    if (count === 0) return Promise.resolve([]);
    const nested = isInsideHandler();
    return new Promise((resolve) => {
      const outcomes = new Array<HandlerOutcome>(count);
      let left = count;
      AcbContext.run({ eventId: event.id, correlationId: event.correlationId }, () => {
        for (let index = 0; index < count; index += 1) {
          this.dispatcher.dispatch(
            records[index],
            event,
            (outcome) => {
              outcomes[index] = outcome;
              left -= 1;
              if (left === 0) resolve(outcomes);
            },
            nested,
          );
        }
      });
    });
  }

  async start(): Promise<void> {
    return undefined;
  }

  async stop(graceMs: number): Promise<void> {
    await this.dispatcher.drain(graceMs);
  }
}
