/** A FIFO mutex: `run(fn)` waits for every earlier holder to finish. Per instance. */
export class AsyncLock {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(fn: () => Promise<T>): Promise<T> {
    const result = this.tail.then(fn);
    // NOTE: the chain must survive a rejected holder, so the stored tail never rejects.
    this.tail = result.catch(() => undefined);
    return result;
  }
}
