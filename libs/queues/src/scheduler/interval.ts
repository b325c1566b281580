/** A fixed interval; the fields add up. */
export interface IntervalSpec {
  hours?: number;
  minutes?: number;
  seconds?: number;
  milliseconds?: number;
}

/** The interval in milliseconds (NaN or <= 0 when invalid; the Scheduler rejects those). */
export function intervalToMs(every: IntervalSpec): number {
  return (
    (every.hours ?? 0) * 3_600_000 + (every.minutes ?? 0) * 60_000 + (every.seconds ?? 0) * 1000 + (every.milliseconds ?? 0)
  );
}
