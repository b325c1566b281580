import { AsyncLocalStorage } from 'node:async_hooks';
import type { EntityManager } from 'typeorm';

/** One running transaction of a unit of work. */
export class TransactionState {
  private readonly commitHooks: Array<() => Promise<void> | void> = [];

  /** The unit-of-work session that owns this transaction (what a nested `run` receives). */
  session: unknown;

  constructor(readonly manager: EntityManager) {}

  /** Runs `hook` once the transaction has committed (never after a rollback). */
  afterCommit(hook: () => Promise<void> | void): void {
    this.commitHooks.push(hook);
  }

  /** @internal called by the unit of work after COMMIT. */
  async committed(): Promise<void> {
    for (const hook of this.commitHooks.splice(0)) await hook();
  }
}

/**
 * Which transaction the current async call chain is in. One scope per `RepositoryContext` (per application):
 * repositories injected anywhere join the unit of work that is running around them.
 */
export class TransactionScope {
  private readonly storage = new AsyncLocalStorage<TransactionState>();

  current(): TransactionState | undefined {
    return this.storage.getStore();
  }

  run<R>(state: TransactionState, fn: () => Promise<R>): Promise<R> {
    return this.storage.run(state, fn);
  }
}
