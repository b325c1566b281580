import { redactConnectionOptions, revealSecrets, secondsToMs } from '@acb/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { InvalidQueuesOptionError } from '../errors/invalid-queues-option.error';
import { QueuesMessages } from '../queues.messages';
import type { QueueConnectionOptions } from '../interfaces/queue-backend.interface';
import type { AcbQueuesModuleOptions } from '../interfaces/queues-module-options.interface';
import { QueueSettings } from './queue.settings';

/**
 * Maps the `queue:` block of settings/adapters.yml (AcbConfig `config.adapters.queue`) to module options, so
 * `AcbQueuesModule.forRootAsync({ inject: [AcbConfig], useFactory: (c) => queueOptionsFromSettings(c.adapters.queue) })`.
 * The block is validated with `QueueSettings` (keys documented there and in the README); values written as text
 * (environment overrides) are read as numbers/booleans; `${secret:...}` values are revealed for the connection.
 * Keys in either spelling (`run_worker` or `runWorker`); durations in seconds (`shutdown_timeout: 10`, `timeout: 30`),
 * converted to the options' milliseconds. `overrides` win over the settings (the `forRoot` options of AcbModule / the app).
 * @throws InvalidQueuesOptionError naming the key (`queue.redis.port`) and the rule, also for a duration key still
 *   written in milliseconds (`shutdownTimeoutMs`): read as seconds it would wait a thousand times too long.
 */
export function queueOptionsFromSettings(settings: object, overrides: AcbQueuesModuleOptions = {}): AcbQueuesModuleOptions {
  // NOTE: secrets revealed before class-transformer, which would copy a `Secret` into an empty one.
  rejectMillisecondKeys(settings);
  const block = plainToInstance(QueueSettings, camelCaseKeys(revealSecrets({ ...settings }) as Record<string, unknown>));
  const errors = validateSync(block, { stopAtFirstError: true });
  if (errors.length > 0) {
    const [path, reason] = firstProblem(errors, 'queue');
    throw new InvalidQueuesOptionError(path, reason);
  }
  const backend = block.backend ?? 'memory';
  const connection = backend === 'redis' ? block.redis : backend === 'rabbitmq' ? block.rabbitmq : undefined;
  const options: AcbQueuesModuleOptions = {
    backend,
    connection: connection ? (stripUndefined({ ...connection }) as QueueConnectionOptions) : undefined,
    prefix: block.prefix,
    defaultQueue: block.defaultQueue,
    queues: block.queues,
    worker: {
      concurrency: block.workers?.concurrency,
      maxRetries: block.workers?.maxRetries ?? block.workers?.max_retries,
      shutdownTimeoutMs: block.shutdownTimeout === undefined ? undefined : secondsToMs(block.shutdownTimeout, 'queue.shutdown_timeout'),
    },
    timeoutMs: block.timeout === undefined ? undefined : secondsToMs(block.timeout, 'queue.timeout'),
    allowRemoteTasks: block.allowRemoteTasks,
    remoteTasks: block.remoteTasks,
    runWorker: block.runWorker,
    backendOptions: block.backendOptions ? { ...block.backendOptions } : undefined,
  };
  return {
    ...stripUndefined(options),
    ...stripUndefined(overrides),
    worker: { ...stripUndefined(options.worker ?? {}), ...stripUndefined(overrides.worker ?? {}) },
  };
}

function firstProblem(errors: ValidationError[], parent: string): [string, string] {
  const error = errors[0];
  const path = `${parent}.${error.property}`;
  if (error.constraints) {
    const reason = Object.values(error.constraints)[0];
    return [path, `${reason} (got ${JSON.stringify(redactConnectionOptions({ [error.property]: error.value }))})`];
  }
  return error.children && error.children.length > 0 ? firstProblem(error.children, path) : [path, 'invalid'];
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function rejectMillisecondKeys(block: object): void {
  for (const key of Object.keys(block)) {
    if (/(?:Ms|_ms|-ms)$/.test(key)) throw new InvalidQueuesOptionError(`queue.${key}`, QueuesMessages.millisecondsInSettings());
  }
}

/** `default_queue` -> `defaultQueue` at the top of the block (the config accepts both spellings too). */
function camelCaseKeys(block: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(block)) {
    const camel = key.replace(/[_-]([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
    result[camel in result ? key : camel] = value;
  }
  return result;
}
