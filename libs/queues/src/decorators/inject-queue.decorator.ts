import { Inject } from '@nestjs/common';
import { getQueueToken } from '../queues.tokens';

/**
 * Every queue name some class asks for with `@InjectQueue(name)`, in the order first asked. Only names: like Nest's
 * decorator metadata it describes the code, not an application, so two applications in one process each get their
 * own Queue facade (from their own QueueManager) under the same names.
 */
const injectedQueueNames = new Set<string>();

/**
 * Injects the Queue facade of queue `name`. Works with `AcbQueuesModule.forRoot`, `forRootAsync` and `AcbModule`,
 * whether the queue is declared in options, in `settings/adapters.yml` (`queue.queues`) or nowhere (queues are
 * created on first use): the module provides a token for every name asked for this way.
 * @example constructor(@InjectQueue('emails') private readonly emails: Queue) {}
 */
export function InjectQueue(name: string): PropertyDecorator & ParameterDecorator {
  injectedQueueNames.add(name);
  return Inject(getQueueToken(name));
}

/** The names passed to `@InjectQueue` so far (classes are decorated when their file loads, before modules are built). */
export function queueNamesAskedFor(): string[] {
  return [...injectedQueueNames];
}
