/** A waiter: called once, synchronously, when a permit is handed to it. It must not throw. */
export type Grant = () => void;

/**
 * Several waiting units of work that entered the line together (the handlers of one emit, of one priority): one
 * entry in the line instead of one per unit, so a flood of emits costs one entry per emit.
 */
export interface WaitingGroup {
  /** The unit after `index` in this group, or -1 (pure: called before `grant`). */
  nextAfter(index: number): number;
  /** Called once per unit, synchronously, with a permit held for it. It must not throw. */
  grant(index: number): void;
}

/** Waiters of one priority, first in first out; the head index avoids `Array#shift` (O(n) per call). */
interface Lane {
  priority: number;
  /** A `Grant`, or a `WaitingGroup` whose next unit is `units[i]`. */
  waiters: Array<Grant | WaitingGroup>;
  units: number[];
  head: number;
}

/**
 * A counting semaphore whose waiters are served by priority (higher first), then arrival.
 *
 * The bound is on the hot path of every event delivery, so it costs little: `tryAcquire` allocates nothing, a
 * waiter is one callback (no promise) or one group entry for several units (`waitGroup`), in a per-priority FIFO
 * lane (O(1) to add and to take), and a released permit is handed straight to the next waiter. Hand-overs run in a
 * loop, not recursively, so a long queue of handlers that finish synchronously cannot grow the stack.
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
    this.enqueue(priority, grant, -1);
  }

  /**
   * Puts the units `index`, `group.nextAfter(index)`, ... of `group` in line as one entry: each gets its own
   * permit, in order, through `group.grant(unit)`. The caller tried `tryAcquire` first.
   */
  waitGroup(priority: number, group: WaitingGroup, index: number): void {
    this.enqueue(priority, group, index);
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
      if (!this.handOne()) {
        this.available += this.released + 1;
        this.released = 0;
        break;
      }
    }
    this.handing = false;
  }

  /** Entries in line (a group counts once). */
  get waiting(): number {
    return this.size;
  }

  private enqueue(priority: number, waiter: Grant | WaitingGroup, unit: number): void {
    const lane = this.lane(priority);
    lane.waiters.push(waiter);
    lane.units.push(unit);
    this.size += 1;
  }

  private lane(priority: number): Lane {
    const lanes = this.lanes;
    let index = 0;
    while (index < lanes.length && lanes[index].priority > priority) index += 1;
    if (index < lanes.length && lanes[index].priority === priority) return lanes[index];
    const lane: Lane = { priority, waiters: [], units: [], head: 0 };
    lanes.splice(index, 0, lane);
    return lane;
  }

  /** Hands one permit to the first waiter; false when nobody waits. */
  private handOne(): boolean {
    for (const lane of this.lanes) {
      const head = lane.head;
      if (head === lane.waiters.length) continue;
      const waiter = lane.waiters[head];
      const unit = lane.units[head];
      if (typeof waiter !== 'function') {
        const next = waiter.nextAfter(unit);
        if (next >= 0) {
          // The group keeps its place in line for its next unit.
          lane.units[head] = next;
          waiter.grant(unit);
          return true;
        }
      }
      this.pop(lane);
      if (typeof waiter === 'function') waiter();
      else waiter.grant(unit);
      return true;
    }
    return false;
  }

  private pop(lane: Lane): void {
    lane.waiters[lane.head] = undefined as unknown as Grant;
    lane.head += 1;
    this.size -= 1;
    if (lane.head === lane.waiters.length) {
      lane.waiters.length = 0;
      lane.units.length = 0;
      lane.head = 0;
    } else if (lane.head >= 1024 && lane.head * 2 >= lane.waiters.length) {
      // Drop the served front in place (`splice` would allocate an array of what it removes).
      const left = lane.waiters.length - lane.head;
      lane.waiters.copyWithin(0, lane.head);
      lane.units.copyWithin(0, lane.head);
      lane.waiters.length = left;
      lane.units.length = left;
      lane.head = 0;
    }
  }
}
