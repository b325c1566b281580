/** A pending deadline; `cancel()` when the work finished in time. */
export interface Deadline {
  cancel(): void;
}

/**
 * What a `DeadlineQueue` holds: the hot path passes an object it allocates anyway (the running attempt) instead of
 * a callback and an entry. The queue sets `at`; the owner sets `live = false` and calls `trim()` when done in time.
 */
export interface DeadlineEntry {
  at: number;
  live: boolean;
  expire(): void;
}

class CallbackEntry implements DeadlineEntry, Deadline {
  at = 0;
  live = true;

  constructor(
    private readonly onExpire: () => void,
    private readonly queue: DeadlineQueue,
  ) {}

  expire(): void {
    this.onExpire();
  }

  cancel(): void {
    this.live = false;
    this.queue.trim();
  }
}

/**
 * Timeouts of one fixed duration with a single timer: entries expire in insertion order, so only the oldest
 * live entry needs a timer. Cheaper than a timer per handler call on the hot path; the timer is unref'd and
 * re-armed lazily, and `clear()` drops it (module shutdown).
 */
export class DeadlineQueue {
  private entries: DeadlineEntry[] = [];
  private head = 0;
  private timer?: ReturnType<typeof setTimeout>;

  constructor(private readonly durationMs: number) {}

  add(onExpire: () => void): Deadline {
    const entry = new CallbackEntry(onExpire, this);
    this.push(entry);
    return entry;
  }

  /** Adds `entry` (live) expiring `durationMs` from now; `entry.expire()` is called then unless it is no longer live. */
  push(entry: DeadlineEntry): void {
    entry.at = Date.now() + this.durationMs;
    this.entries.push(entry);
    if (!this.timer) this.arm(entry.at);
  }

  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.entries = [];
    this.head = 0;
  }

  private arm(at: number): void {
    this.timer = setTimeout(() => this.fire(), Math.max(0, at - Date.now()));
    this.timer.unref?.();
  }

  private fire(): void {
    this.timer = undefined;
    const now = Date.now();
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head];
      if (entry.live && entry.at > now) break;
      this.head += 1;
      if (entry.live) {
        entry.live = false;
        entry.expire();
      }
    }
    this.trim();
    if (this.head < this.entries.length) this.arm(this.entries[this.head].at);
  }

  /** Drops finished entries from the front so memory follows the work in flight, not the traffic. */
  trim(): void {
    while (this.head < this.entries.length && !this.entries[this.head].live) this.head += 1;
    if (this.head === this.entries.length) {
      this.entries.length = 0;
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.entries.length) {
      const left = this.entries.length - this.head;
      this.entries.copyWithin(0, this.head);
      this.entries.length = left;
      this.head = 0;
    }
  }
}
