/** Free-form metadata carried with an event (the seed's `metadata={"priority": "high", "region": "us-west"}`). */
export type EventMetadata = Record<string, unknown>;

/**
 * What every handler receives as its second argument (and a filter as its only one):
 * the payload plus where the event comes from.
 * NOTE: a type alias, not an interface, so it is assignable to index-signature shapes such as the queue
 * bridge's structural `BridgedEvent` (@acb/queues does not import @acb/events).
 */
export type EventEnvelope<TPayload = unknown> = {
  /** Unique id of the event: `<12 random base64url chars per publisher>-<sequence in base 36>`. */
  readonly id: string;
  /** The event name, e.g. `user.created`. */
  readonly name: string;
  readonly payload: TPayload;
  readonly metadata: EventMetadata;
  /** When it was emitted, epoch milliseconds. */
  readonly timestamp: number;
  /** Taken from `emit(..., { correlationId })`, else the logging context (`AcbContext`), else the event id. */
  readonly correlationId: string;
  /** 1 for the first delivery to a handler, 2 for its first retry, and so on. */
  readonly attempt: number;
};
