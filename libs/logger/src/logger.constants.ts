/** DI token of the per-application log root (pino instance + redactor). Internal to the logger and core libs. */
export const ACB_LOG_ROOT = Symbol('acb:log-root');

/** Header read for an incoming request id and echoed on every response. */
export const REQUEST_ID_HEADER = 'x-request-id';

/** What every redacted value or path prints as. */
export const REDACTED = '[redacted]';

/**
 * Paths always redacted: credentials that pino-http's request/response serializers would otherwise print.
 * Added to the configured `redactPaths`.
 */
export const DEFAULT_REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
];

/** Route pattern that matches every path, root included (path-to-regexp v8 syntax used by NestJS 11). */
export const ALL_ROUTES_PATH = '{*splat}';
