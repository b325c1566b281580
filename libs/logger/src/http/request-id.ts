import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { REQUEST_ID_HEADER } from '../logger.constants';

/** Letters, digits and `._:-`, 1 to 128 characters: safe to log and echo. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

type RequestWithId = IncomingMessage & { id?: unknown };

/** Whether an incoming `x-request-id` value is honoured. */
export function isSaneRequestId(value: unknown): value is string {
  return typeof value === 'string' && SANE_REQUEST_ID.test(value);
}

/**
 * The request's id, decided once: an earlier decision (`req.id`), else a sane incoming `x-request-id`, else a
 * new UUID. Sets `req.id` and the response header. Both the context middleware and pino-http call it, in any order.
 */
export function ensureRequestId(req: IncomingMessage, res: ServerResponse): string {
  const request = req as RequestWithId;
  if (typeof request.id === 'string') return request.id;
  const incoming = req.headers[REQUEST_ID_HEADER];
  const id = isSaneRequestId(incoming) ? incoming : randomUUID();
  request.id = id;
  if (!res.headersSent) res.setHeader(REQUEST_ID_HEADER, id);
  return id;
}
