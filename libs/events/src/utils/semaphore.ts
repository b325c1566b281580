/** A waiter: called once, synchronously, when a permit is handed to it. It must not throw. */
export type Grant = () => void;

/** Waiters of one priority, first in first out; the head index avoids `Array#shift` (O(n) per call). */
interface Lane {
  priority: number;
  grants: Grant[];
  head: number;
}

/**
 * A counting semaphore whose waiters are served by priority (higher first), then arrival.
 *
 * The bound is on the hot path of every event delivery, so it costs little: `tryAcquire` allocates nothing, a
 * waiter is one callback (no promise) in a per-priority FIFO lane (O(1) to add and to take), and a released permit is
 * handed straight to the next waiter. Hand-overs run in a loop, not recursively, so a long queue of handlers that
 * finish synchronously cannot grow the stack.
 */
export class PrioritySemaphore {
  private available: number;
  /** Lanes ordered by priority, highest first (handlers use few distinct priorities). */
  private readonly lanes: Lane[] = [];
  private size = 0;
  private handing = false;
  /** Permits released while a hand-over loop runs, handed out by that loop. */
  private released = 0;

  constructor(permits: number) {
    this.available = permits;
  }

  tryAcquire(): boolean {
    if (this.available > 0) {
      this.available -= 1;
      return true;
    }
    return false;
  }

  /** Calls `grant` once a permit is held: at once when one is free, else when one is released to it. */
  wait(priority: number, grant: Grant): void {
    if (this.tryAcquire()) {
      grant();
      return;
    }
    this.lane(priority).grants.push(grant);
    this.size += 1;
  }

  acquire(priority: number): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve) => this.wait(priority, resolve));
  }

  release(): void {
    if (this.size === 0) {
      this.available += 1;
      return;
    }
    if (this.handing) {
      this.released += 1;
      return;
    }
    this.handing = true;
    this.released = 1;
    while (this.released > 0) {
      this.released -= 1;
      const grant = this.take();
      if (grant === undefined) {
        this.available += this.released + 1;
        this.released = 0;
        break;
      }
      grant();
    }
    this.handing = false;
  }

  get waiting(): number {
    return this.size;
  }

  private lane(priority: number): Lane {
    const lanes = this.lanes;
    let index = 0;
    while (index < lanes.length && lanes[index].priority > priority) index += 1;
    if (index < lanes.length && lanes[index].priority === priority) return lanes[index];
    const lane: Lane = { priority, grants: [], head: 0 };
    lanes.splice(index, 0, lane);
    return lane;
  }

  private take(): Grant | undefined {
    for (const lane of this.lanes) {
      if (lane.head === lane.grants.length) continue;
      const grant = lane.grants[lane.head];
      lane.head += 1;
      this.size -= 1;
      if (lane.head === lane.grants.length) {
        lane.grants.length = 0;
        lane.head = 0;
      } else if (lane.head >= 1024 && lane.head * 2 >= lane.grants.length) {
        lane.grants.splice(0, lane.head);
        lane.head = 0;
      }
      return grant;
    }
    return undefined;
  }
}
