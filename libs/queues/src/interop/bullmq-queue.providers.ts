import type { Provider } from '@nestjs/common';
import type { Queue as BullQueue } from 'bullmq';
import type { QueueBackend } from '../interfaces/queue-backend.interface';
import { QUEUE_BACKEND } from '../queues.tokens';

/**
 * @nestjs/bullmq's DI token of BullMQ queue `name` (its `getQueueToken`, shared by `@InjectQueue` of @nestjs/bullmq,
 * the `@Processor` explorer and @bull-board/nestjs). Spelled here so @acb/queues does not load @nestjs/bullmq;
 * a test holds the two equal.
 */
export function getBullQueueToken(name: string): string {
  return name ? `BullQueue_${name}` : 'BullQueue_default';
}

/** A backend that keeps one BullMQ Queue per queue name (the redis backend). */
interface BullQueueSource {
  bullQueue(name: string): BullQueue;
}

function isBullQueueSource(backend: QueueBackend): backend is QueueBackend & BullQueueSource {
  return typeof (backend as Partial<BullQueueSource>).bullQueue === 'function';
}

/**
 * Registers the queues ACB manages the @nestjs/bullmq way: under `getBullQueueToken(name)`, the very BullMQ Queue the
 * redis backend uses (its connection and prefix in `opts`), so `@InjectQueue(name)` of @nestjs/bullmq, a
 * `@Processor(name)` class and `BullBoardModule.forFeature({ name })` find it with no BullModule.registerQueue.
 * On the memory and rabbitmq backends there is no BullMQ queue: the token holds undefined.
 */
export function bullQueueProviders(names: readonly string[]): Provider[] {
  return [...new Set(names)].map((name) => ({
    provide: getBullQueueToken(name),
    useFactory: (backend: QueueBackend): BullQueue | undefined => (isBullQueueSource(backend) ? backend.bullQueue(name) : undefined),
    inject: [QUEUE_BACKEND],
  }));
}
