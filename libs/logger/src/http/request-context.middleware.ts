import { Injectable, type NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AcbContext } from '../context/acb-context';
import { ensureRequestId } from './request-id';

/** Runs the rest of the request inside an AcbContext carrying its `requestId`. */
@Injectable()
export class RequestContextMiddleware implements NestMiddleware {
  use(req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void): void {
    const requestId = ensureRequestId(req, res);
    AcbContext.run({ requestId }, next);
  }
}
