export interface ServiceErrorOptions {
  /** A stable machine-readable code (`NOT_FOUND`, `CONFLICT`, ...). @default 'SERVICE_ERROR' */
  code?: string;
  /** Structured facts about the failure, kept for logs and for the HTTP body where safe. */
  context?: Record<string, unknown>;
  /** The error that caused this one. */
  cause?: unknown;
}

/**
 * Root of the typed service error family. Transport-neutral: it carries a `code` and a `context`, never an HTTP
 * status; `ServiceErrorFilter` maps it to HTTP.
 */
export class ServiceError extends Error {
  readonly code: string;
  readonly context: Record<string, unknown>;
  override readonly cause?: unknown;

  constructor(message: string, options: ServiceErrorOptions = {}) {
    super(message);
    this.name = 'ServiceError';
    this.code = options.code ?? 'SERVICE_ERROR';
    this.context = options.context ?? {};
    if (options.cause !== undefined) this.cause = options.cause;
  }
}
