import type { DeadLetter } from '../interfaces/dead-letter.interface';

/** Where dead letters are kept: memory for the local transport, Redis for the redis transport. */
export interface DeadLetterBackend {
  add(deadLetter: DeadLetter): Promise<void>;
  /** Oldest first. */
  list(): Promise<DeadLetter[]>;
  get(id: string): Promise<DeadLetter | undefined>;
  remove(id: string): Promise<boolean>;
  /** Removes all; resolves with how many. */
  purge(): Promise<number>;
}
