import { bulkhead, BulkheadRejectedError as CockatielBulkheadRejected, type BulkheadPolicy } from 'cockatiel';
import { BulkheadRejectedError } from '../errors/bulkhead-rejected.error';
import type { BulkheadOptions } from './circuit-breaker.interface';

/** At most `limit` calls at once, `queue` more waiting; others are rejected with `BulkheadRejectedError`. */
export class Bulkhead {
  private readonly policy: BulkheadPolicy;
  readonly limit: number;
  readonly queue: number;

  constructor(
    readonly name: string,
    options: BulkheadOptions = {},
  ) {
    this.limit = options.limit ?? 10;
    this.queue = options.queue ?? 0;
    this.policy = bulkhead(this.limit, this.queue);
  }

  /** Free execution slots now. */
  get executionSlots(): number {
    return this.policy.executionSlots;
  }

  async execute<T>(fn: (signal: AbortSignal) => Promise<T> | T): Promise<T> {
    try {
      return await this.policy.execute(({ signal }) => fn(signal));
    } catch (error) {
      if (error instanceof CockatielBulkheadRejected) throw new BulkheadRejectedError(this.name, this.limit, this.queue, { cause: error });
      throw error;
    }
  }
}
