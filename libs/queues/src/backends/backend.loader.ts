import { requireOptionalPeer } from '@acb/common';
import { UnknownQueueBackendError } from '../errors/unknown-queue-backend.error';
import { QueueBackendLoadError } from '../errors/queue-backend-load.error';
import type { QueueBackendClass } from '../interfaces/queue-backend.interface';
import type { QueueBackendName } from '../interfaces/queues-module-options.interface';

/** Where each named backend lives; loaded on demand so an app on memory never loads bullmq or amqplib. */
const BACKEND_MODULES: Readonly<Record<QueueBackendName, { path: string; exportName: string; peers: readonly string[] }>> = {
  memory: { path: './memory/memory.backend', exportName: 'MemoryQueueBackend', peers: [] },
  redis: { path: './bullmq/bullmq.backend', exportName: 'BullMqQueueBackend', peers: ['bullmq', 'ioredis'] },
  rabbitmq: { path: './rabbitmq/rabbitmq.backend', exportName: 'RabbitMqQueueBackend', peers: ['amqplib'] },
};

/** The names `backend` accepts. */
export const QUEUE_BACKEND_NAMES = Object.keys(BACKEND_MODULES) as QueueBackendName[];

/** Resolves a backend name (or a class) to the class, loading its module lazily. */
export function loadQueueBackendClass(backend: QueueBackendName | QueueBackendClass): QueueBackendClass {
  if (typeof backend === 'function') return backend;
  const entry = Object.prototype.hasOwnProperty.call(BACKEND_MODULES, backend) ? BACKEND_MODULES[backend] : undefined;
  if (!entry) throw new UnknownQueueBackendError(String(backend), QUEUE_BACKEND_NAMES);
  // Optional peer dependencies: a missing driver is named with the command that installs it.
  for (const peer of entry.peers) requireOptionalPeer(peer, `the ${backend} queue backend`, () => require(peer));
  // NOTE: a computed require keeps the backend's dependencies (bullmq, amqplib) out of apps that do not use them.
  const loaded = require(entry.path) as Record<string, unknown>;
  const cls = loaded[entry.exportName];
  if (typeof cls !== 'function') throw new QueueBackendLoadError(backend, entry.path, entry.exportName);
  return cls as QueueBackendClass;
}
