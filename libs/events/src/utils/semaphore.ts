interface Waiter {
  priority: number;
  resolve: () => void;
}

/**
 * A counting semaphore whose waiters are served by priority (higher first), then arrival.
 * `tryAcquire` is the allocation-free fast path.
 */
export class PrioritySemaphore {
  private available: number;
  private readonly waiters: Waiter[] = [];

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

  acquire(priority: number): Promise<void> {
    if (this.tryAcquire()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const waiter = { priority, resolve };
      let index = this.waiters.length;
      while (index > 0 && this.waiters[index - 1].priority < priority) index -= 1;
      this.waiters.splice(index, 0, waiter);
    });
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next.resolve();
    else this.available += 1;
  }

  get waiting(): number {
    return this.waiters.length;
  }
}
