import type { QueueProcessingOptions } from '../interfaces/task-handler.interface';
import { ACB_PROCESSOR_METADATA, ACB_TASK_OWNER_METADATA } from '../queues.constants';

/** What @AcbProcessor stores on a class. */
export interface AcbProcessorMetadata {
  queue: string;
  options: QueueProcessingOptions;
}

/**
 * A class-level processor of one queue (as `@Processor` of @nestjs/bullmq), on a provider:
 * - its `@AcbTask` methods go to `queue` (unless a task's options name another);
 * - a method named `process(payload, ctx)` that is not an `@AcbTask` handles every task of `queue` no handler claims
 *   (switch on `ctx.name`), and makes this application accept `enqueue()` of any name to `queue`;
 * - its `@OnTaskEvent` methods hear the events of `queue` only;
 * - `options` (`concurrency`, `rateLimit`) apply to `queue` in this process.
 *
 * @example
 * @AcbProcessor('emails', { concurrency: 5, rateLimit: { max: 100, durationMs: 1000 } })
 * export class EmailProcessor {
 *   async process(payload: EmailPayload, ctx: TaskContext) {
 *     switch (ctx.name) { case 'welcome': ...; case 'digest': ...; default: throw new UnrecoverableTaskError(`unknown ${ctx.name}`); }
 *   }
 *   @OnTaskEvent('failed') onFailed(event: TaskEvent) { ... }
 * }
 */
export function AcbProcessor(queue: string, options: QueueProcessingOptions = {}): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(ACB_PROCESSOR_METADATA, { queue, options: { ...options } } satisfies AcbProcessorMetadata, target);
    Reflect.defineMetadata(ACB_TASK_OWNER_METADATA, true, target.prototype as object);
  };
}

/** The @AcbProcessor metadata of a class, if any. */
export function processorOf(metatype: unknown): AcbProcessorMetadata | undefined {
  return typeof metatype === 'function' ? (Reflect.getMetadata(ACB_PROCESSOR_METADATA, metatype) as AcbProcessorMetadata | undefined) : undefined;
}
