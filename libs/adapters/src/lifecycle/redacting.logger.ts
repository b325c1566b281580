import { Logger, type LoggerService } from '@nestjs/common';
import { redactCredentials } from '@acb/common';

/**
 * The logger adapters get in their context: a Nest `Logger` whose every message goes through `redactCredentials`,
 * so a driver error quoting a connection URL (`redis://:password@host`) never reaches a log line with its password.
 */
export class RedactingLogger implements LoggerService {
  private readonly inner: Logger;

  constructor(context: string) {
    this.inner = new Logger(context);
  }

  log(message: unknown, ...rest: unknown[]): void {
    this.inner.log(redact(message), ...rest.map(redact));
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.inner.error(redact(message), ...rest.map(redact));
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.inner.warn(redact(message), ...rest.map(redact));
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.inner.debug(redact(message), ...rest.map(redact));
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.inner.verbose(redact(message), ...rest.map(redact));
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.inner.fatal(redact(message), ...rest.map(redact));
  }
}

function redact(value: unknown): unknown {
  if (typeof value === 'string') return redactCredentials(value);
  if (value instanceof Error) return redactCredentials(value.stack ?? value.message);
  return value;
}
