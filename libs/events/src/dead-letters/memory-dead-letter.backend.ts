import type { DeadLetter } from '../interfaces/dead-letter.interface';
import type { DeadLetterBackend } from './dead-letter-backend.interface';

/** Dead letters in this process's memory (lost on restart), in insertion order. */
export class MemoryDeadLetterBackend implements DeadLetterBackend {
  private readonly records = new Map<string, DeadLetter>();

  async add(deadLetter: DeadLetter): Promise<void> {
    this.records.set(deadLetter.id, deadLetter);
  }

  async list(): Promise<DeadLetter[]> {
    return [...this.records.values()];
  }

  async get(id: string): Promise<DeadLetter | undefined> {
    return this.records.get(id);
  }

  async remove(id: string): Promise<boolean> {
    return this.records.delete(id);
  }

  async purge(): Promise<number> {
    const count = this.records.size;
    this.records.clear();
    return count;
  }
}
