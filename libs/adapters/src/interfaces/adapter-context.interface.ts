import type { LoggerService } from '@nestjs/common';

/**
 * What the adapters module hands every implementation's constructor.
 * An implementation class: `constructor(context: AdapterContext)`, optional `connect()` (called on module init, with a
 * bounded retry) and `close()` (called on shutdown).
 */
export interface AdapterContext {
  /** `app.name`: the key namespace for shared servers. */
  appName: string;
  /** The category's settings section (`settings/cache.yml`, ...), as plain values; secrets already resolved. */
  settings: Record<string, unknown>;
  logger: LoggerService;
}

export interface AdapterLifecycle {
  /** Where the adapter connects (`host:port`, a file), named in connection errors and health details. */
  readonly target?: string;
  connect?(): Promise<void>;
  close?(): Promise<void>;
}

export type AdapterClass<T = unknown> = new (context: AdapterContext) => T & AdapterLifecycle;
