import { redactConnectionOptions, revealSecrets } from '@acb/common';
import { plainToInstance } from 'class-transformer';
import { validateSync, type ValidationError } from 'class-validator';
import { InvalidQueuesOptionError } from '../errors/invalid-queues-option.error';
import type { QueueConnectionOptions } from '../interfaces/queue-backend.interface';
import type { AcbQueuesModuleOptions } from '../interfaces/queues-module-options.interface';
import { QueueSettings } from './queue.settings';

/**
 * Maps the `queue:` block of settings/adapters.yml (AcbConfig `config.adapters.queue`) to module options, so
 * `AcbQueuesModule.forRootAsync({ inject: [AcbConfig], useFactory: (c) => queueOptionsFromSettings(c.adapters.queue) })`.
 * The block is validated with `QueueSettings` (keys documented there and in the README); values written as text
 * (environment overrides) are read as numbers/booleans; `${secret:...}` values are revealed for the connection.
 * `overrides` win over the settings (the `forRoot` options of AcbModule / the app).
 * @throws InvalidQueuesOptionError naming the key (`queue.redis.port`) and the rule.
 */
export function queueOptionsFromSettings(settings: object, overrides: AcbQueuesModuleOptions = {}): AcbQueuesModuleOptions {
  // NOTE: secrets revealed before class-transformer, which would copy a `Secret` into an empty one.
  const block = plainToInstance(QueueSettings, revealSecrets({ ...settings }));
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
      shutdownTimeoutMs: block.shutdownTimeoutMs,
    },
    timeoutMs: block.timeoutMs,
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
