/** A thrown error kept as data. */
export interface EventErrorInfo {
  name: string;
  message: string;
  stack?: string;
}

/**
 * `succeeded`, `failed` (after its last attempt; dead-lettered), `filtered` (its filter said no),
 * `queued` (handed to durable delivery: the task queue for `viaQueue`, the Redis stream on the redis transport),
 * `timed_out` (the last attempt exceeded its timeout; dead-lettered).
 */
export type HandlerStatus = 'succeeded' | 'failed' | 'filtered' | 'queued' | 'timed_out';

/** One handler's outcome for one event. */
export interface HandlerOutcome {
  /** The handler's name (`ClassName.method` for decorated handlers). */
  handler: string;
  status: HandlerStatus;
  /** Attempts made (0 when filtered or queued). */
  attempts: number;
  error?: EventErrorInfo;
  /** Set when the failure was dead-lettered. */
  deadLetterId?: string;
}

/** What `EventPublisher.emit` resolves with. */
export interface EmitReport {
  eventId: string;
  name: string;
  /** `true` once every local handler settled; `false` for `{ wait: false }` (then `handlers` is empty). */
  settled: boolean;
  /** One entry per matching handler; empty when none matched (that is not an error). */
  handlers: HandlerOutcome[];
}
