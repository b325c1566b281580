import type { QueueAdapterSettings } from '@acb/config';
import { InvalidQueuesOptionError } from '../errors/invalid-queues-option.error';
import type { QueueConnectionOptions } from '../interfaces/queue-backend.interface';
import type { AcbQueuesModuleOptions, QueueBackendName } from '../interfaces/queues-module-options.interface';

/**
 * Maps the `queue:` block of settings/adapters.yml (AcbConfig `config.adapters.queue`) to module options, so
 * `AcbQueuesModule.forRootAsync({ inject: [AcbConfig], useFactory: (c) => queueOptionsFromSettings(c.adapters.queue) })`.
 *
 * Keys (all optional except what the backend needs):
 * ```yaml
 * queue:
 *   backend: redis                 # memory | redis | rabbitmq
 *   redis: { url: redis://localhost:6379/0 }        # or host, port, db, username, password
 *   rabbitmq: { url: amqp://guest:guest@localhost:5672 }  # or host, port, username, password, vhost
 *   workers: { concurrency: 10, maxRetries: 3 }
 *   runWorker: false               # consume and fire schedules in this process
 *   shutdownTimeoutMs: 10000
 *   prefix: acb                    # key / queue-name namespace on shared servers
 *   defaultQueue: default
 *   queues: [default, emails]
 *   timeoutMs: 0                   # default per-attempt limit
 *   allowRemoteTasks: false
 *   remoteTasks: [send_email]
 * ```
 * Secret values (`${secret:REDIS_PASSWORD}`) are revealed here, at the one place they are needed.
 * `overrides` win over the settings (the `forRoot` options of AcbModule).
 */
export function queueOptionsFromSettings(
  settings: QueueAdapterSettings | Record<string, unknown>,
  overrides: AcbQueuesModuleOptions = {},
): AcbQueuesModuleOptions {
  const raw = settings as Record<string, unknown>;
  const backend = String(raw.backend ?? 'memory') as QueueBackendName;
  const workers = (raw.workers ?? {}) as Record<string, unknown>;
  const connectionKey = backend === 'redis' || backend === 'rabbitmq' ? backend : undefined;
  const options: AcbQueuesModuleOptions = {
    backend,
    connection: connectionKey ? connection(`queue.${connectionKey}`, raw[connectionKey]) : undefined,
    prefix: optional('queue.prefix', raw.prefix, 'string'),
    defaultQueue: optional('queue.defaultQueue', raw.defaultQueue, 'string'),
    queues: stringList('queue.queues', raw.queues),
    worker: {
      concurrency: optional('queue.workers.concurrency', workers.concurrency, 'number'),
      maxRetries: optional('queue.workers.maxRetries', workers.maxRetries ?? workers.max_retries, 'number'),
      shutdownTimeoutMs: optional('queue.shutdownTimeoutMs', raw.shutdownTimeoutMs, 'number'),
    },
    timeoutMs: optional('queue.timeoutMs', raw.timeoutMs, 'number'),
    allowRemoteTasks: optional('queue.allowRemoteTasks', raw.allowRemoteTasks, 'boolean'),
    remoteTasks: stringList('queue.remoteTasks', raw.remoteTasks),
    runWorker: optional('queue.runWorker', raw.runWorker, 'boolean'),
  };
  return {
    ...stripUndefined(options),
    ...stripUndefined(overrides),
    worker: { ...stripUndefined(options.worker ?? {}), ...stripUndefined(overrides.worker ?? {}) },
  };
}

function connection(path: string, value: unknown): QueueConnectionOptions | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return { url: value };
  if (typeof value !== 'object') throw new InvalidQueuesOptionError(path, 'expected a URL or an object');
  const out: QueueConnectionOptions = {};
  for (const [key, field] of Object.entries(value as Record<string, unknown>)) {
    out[key] = reveal(field);
  }
  for (const key of ['port', 'db'] as const) {
    if (out[key] !== undefined && !Number.isInteger(Number(out[key]))) {
      throw new InvalidQueuesOptionError(`${path}.${key}`, `${String(out[key])} is not an integer`);
    }
    if (out[key] !== undefined) out[key] = Number(out[key]);
  }
  return out;
}

/** A config `Secret` (anything with `reveal()`) becomes its value; other values pass unchanged. */
function reveal(value: unknown): unknown {
  if (value && typeof value === 'object' && typeof (value as { reveal?: unknown }).reveal === 'function') {
    return (value as { reveal(): unknown }).reveal();
  }
  return value;
}

function optional<T extends 'string' | 'number' | 'boolean'>(
  path: string,
  value: unknown,
  type: T,
): (T extends 'string' ? string : T extends 'number' ? number : boolean) | undefined {
  if (value === undefined || value === null) return undefined;
  // NOTE: environment overrides (ACB_ADAPTERS__QUEUE__RUN_WORKER=true) arrive as text.
  if (typeof value === 'string' && type === 'number' && value.trim() !== '' && Number.isFinite(Number(value))) {
    return Number(value) as never;
  }
  if (typeof value === 'string' && type === 'boolean' && (value === 'true' || value === 'false')) return (value === 'true') as never;
  if (typeof value !== type) throw new InvalidQueuesOptionError(path, `expected a ${type}, got ${JSON.stringify(value)}`);
  return value as never;
}

function stringList(path: string, value: unknown): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new InvalidQueuesOptionError(path, 'expected a list of names');
  }
  return value as string[];
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
