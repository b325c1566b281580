/**
 * At most `max` starts per `durationMs` (a sliding window over the last starts), in this process. `acquire` waits for
 * a free turn; it gives up (false) when `signal` aborts (a stop). Uses `Date.now()` and `setTimeout`, so it follows
 * jest fake timers.
 */
export class RateLimiter {
  /** Start times inside the window, oldest first. */
  private readonly starts: number[] = [];

  constructor(
    readonly max: number,
    readonly durationMs: number,
  ) {}

  async acquire(signal: AbortSignal): Promise<boolean> {
    for (;;) {
      if (signal.aborted) return false;
      const now = Date.now();
      while (this.starts.length > 0 && this.starts[0] <= now - this.durationMs) this.starts.shift();
      if (this.starts.length < this.max) {
        this.starts.push(now);
        return true;
      }
      await waitFor(this.starts[0] + this.durationMs - now, signal);
    }
  }
}

function waitFor(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, Math.max(1, ms));
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
