/** Held while a runner changes the database; `release()` gives it back. */
export interface MigrationLockHandle {
  release(): Promise<void>;
}

/** Options shared by the lock implementations. */
export interface MigrationLockOptions {
  /** The history table: the lock is per table, so two tables in one database migrate independently. */
  table: string;
  /** How long to wait for another holder. */
  timeoutMs: number;
  /** How often to try again while waiting. */
  pollMs: number;
  /** `host:pid` of this process, recorded as the holder where the engine keeps one. */
  holder: string;
  /** Tells about waiting and stale holders. */
  onWait(holder: string): void;
  onStaleTaken(holder: string): void;
}

/**
 * Waits `ms`. NOTE: not unref'd: a CLI waiting for the lock on SQLite holds no other handle, and must not exit
 * in the middle of waiting.
 */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
