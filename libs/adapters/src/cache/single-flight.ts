/**
 * Coalesces concurrent calls for one key: while a call for `key` is in flight, later callers get the same promise.
 * State is per instance (one per adapter), never process-wide.
 */
export class SingleFlight {
  private readonly inFlight = new Map<string, Promise<unknown>>();

  run<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const pending = this.inFlight.get(key);
    if (pending) return pending as Promise<T>;
    // NOTE: `then(fn)` defers the call until the promise is stored, so even a synchronous throw clears the entry.
    const started = Promise.resolve()
      .then(fn)
      .finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, started);
    return started;
  }

  /** How many keys have a call in flight. */
  get size(): number {
    return this.inFlight.size;
  }
}
