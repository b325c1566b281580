import type { EventErrorInfo } from './emit-report.interface';
import type { EventEnvelope } from './event-envelope.interface';

/** One handler's failed delivery of one event, kept for inspection and replay. */
export interface DeadLetter {
  id: string;
  event: EventEnvelope;
  /** The handler's name. */
  handler: string;
  error: EventErrorInfo;
  attempts: number;
  /** ISO timestamp. */
  failedAt: string;
}
