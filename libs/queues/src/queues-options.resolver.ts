import { resolveBackoff, type BackoffOptions } from '@acb/common';
import type { QueueBackendClass, QueueConnectionOptions } from './interfaces/queue-backend.interface';
import type { AcbQueuesModuleOptions, QueueBackendName } from './interfaces/queues-module-options.interface';
import { DEFAULT_PREFIX, DEFAULT_QUEUE } from './queues.constants';
import { InvalidQueuesOptionError } from './errors/invalid-queues-option.error';

/** The module options with every default applied. */
export interface ResolvedQueuesOptions {
  backend: QueueBackendName | QueueBackendClass;
  connection: QueueConnectionOptions;
  prefix: string;
  queues: string[];
  defaultQueue: string;
  worker: { concurrency: number; maxRetries: number; shutdownTimeoutMs: number; queues?: string[] };
  backoff: Required<BackoffOptions>;
  timeoutMs: number;
  allowRemoteTasks: boolean;
  remoteTasks: string[];
  runWorker: boolean;
  backendOptions: Record<string, unknown>;
}

/** Defaults of the module options. */
export const QUEUES_DEFAULTS = Object.freeze({
  backend: 'memory' as const,
  prefix: DEFAULT_PREFIX,
  defaultQueue: DEFAULT_QUEUE,
  concurrency: 10,
  maxRetries: 3,
  shutdownTimeoutMs: 10_000,
  timeoutMs: 0,
});

/** Applies defaults and checks numbers; a bad value fails the application start. */
export function resolveQueuesOptions(options: AcbQueuesModuleOptions = {}): ResolvedQueuesOptions {
  const worker = options.worker ?? {};
  const concurrency = worker.concurrency ?? QUEUES_DEFAULTS.concurrency;
  check('worker.concurrency', concurrency, 1, true);
  check('worker.maxRetries', worker.maxRetries, 0, true);
  check('worker.shutdownTimeoutMs', worker.shutdownTimeoutMs, 0, false);
  check('timeoutMs', options.timeoutMs, 0, false);
  const defaultQueue = options.defaultQueue ?? QUEUES_DEFAULTS.defaultQueue;
  return {
    backend: options.backend ?? QUEUES_DEFAULTS.backend,
    connection: { ...(options.connection ?? {}) },
    prefix: options.prefix ?? QUEUES_DEFAULTS.prefix,
    queues: unique([defaultQueue, ...(options.queues ?? [])]),
    defaultQueue,
    worker: {
      concurrency,
      maxRetries: worker.maxRetries ?? QUEUES_DEFAULTS.maxRetries,
      shutdownTimeoutMs: worker.shutdownTimeoutMs ?? QUEUES_DEFAULTS.shutdownTimeoutMs,
      queues: worker.queues ? unique(worker.queues) : undefined,
    },
    backoff: resolveBackoff(options.backoff),
    timeoutMs: options.timeoutMs ?? QUEUES_DEFAULTS.timeoutMs,
    allowRemoteTasks: options.allowRemoteTasks ?? false,
    remoteTasks: [...(options.remoteTasks ?? [])],
    // NOTE: the memory backend lives in this process only, so no other process could ever run its tasks.
    runWorker: options.runWorker ?? (options.backend ?? QUEUES_DEFAULTS.backend) === 'memory',
    backendOptions: { ...(options.backendOptions ?? {}) },
  };
}

export function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function check(option: string, value: number | undefined, min: number, integer: boolean): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || (integer && !Number.isInteger(value))) {
    throw new InvalidQueuesOptionError(option, `${String(value)} is not ${integer ? 'an integer' : 'a number'} >= ${min}`);
  }
}
