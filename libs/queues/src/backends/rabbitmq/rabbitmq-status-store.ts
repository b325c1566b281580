import type { TaskRecord, TaskStatus } from '../../interfaces/task.interface';
import { compareForListing } from '../../utils/listing-order';

interface Entry {
  record: TaskRecord;
  /** Order among pending tasks of one priority. */
  seq: number;
}

/**
 * The RabbitMQ backend's view of task states, IN THIS PROCESS: tasks it enqueued and tasks its consumers ran.
 * RabbitMQ itself cannot look up a message by id, so `getTask`, the pending list and `cancel` rely on it (dead
 * letters are read from the dead-letter queue itself, which is shared). Bounded: beyond `limit` records per queue
 * (plus 10%, trimmed in batches) the least recently updated ones are forgotten. Records hold what this process did or
 * saw (a waiting status stays as it was recorded); without a shared store the backend reports a waiting one as
 * `unknown`, since any process may have consumed the task since.
 */
export class RabbitStatusStore {
  private readonly queues = new Map<string, Map<string, Entry>>();
  private seq = 0;
  /** How far beyond `limit` a queue may grow before it is trimmed back (10%, at least 1). */
  private readonly slack: number;

  /**
   * @param mirror with a shared status store (`backendOptions.statusStoreUrl`), every record put here is also posted
   * there, so the other processes see this one's transitions.
   */
  constructor(
    private readonly limit: number,
    private readonly mirror?: { post(record: TaskRecord): void; claim(record: TaskRecord): Promise<boolean> },
  ) {
    this.slack = Math.max(1, Math.ceil(limit / 10));
  }

  /** Whether a shared store is attached (then `claim` asks it). */
  get shared(): boolean {
    return this.mirror !== undefined;
  }

  /**
   * Puts an `active` record unless the task was cancelled: with a shared store atomically there (a cancel from any
   * instance wins), else by the record here. False = cancelled, do not run it.
   */
  async claim(record: TaskRecord): Promise<boolean> {
    if (this.mirror && !(await this.mirror.claim(record))) return false;
    this.putLocal(record, false);
    return true;
  }

  get(queue: string, id: string): TaskRecord | undefined {
    return this.queues.get(queue)?.get(id)?.record;
  }

  /** Stores a record; `newTurn` gives it a new place in the FIFO order of its priority. */
  put(record: TaskRecord, newTurn = true): void {
    this.mirror?.post(record);
    this.putLocal(record, newTurn);
  }

  /** `put` in this process only (the caller wrote the shared store itself). */
  putLocal(record: TaskRecord, newTurn = true): void {
    const entries = this.entries(record.queue);
    const existing = entries.get(record.id);
    entries.delete(record.id);
    entries.set(record.id, { record, seq: newTurn || !existing ? ++this.seq : existing.seq });
    this.trim(entries);
  }

  delete(queue: string, id: string): void {
    this.queues.get(queue)?.delete(id);
  }

  clear(queue: string): void {
    this.queues.delete(queue);
  }

  /**
   * Records of `queue` whose STORED status is in `statuses`, each passed through `present` (how the backend reports
   * it, e.g. `unknown` for a task this process last saw waiting), in the listing order of the presented records.
   */
  list(queue: string, statuses: readonly TaskStatus[], present: (record: TaskRecord) => TaskRecord = (record) => record): TaskRecord[] {
    const wanted = new Set(statuses);
    const matching: Entry[] = [];
    for (const entry of this.queues.get(queue)?.values() ?? []) {
      if (wanted.has(entry.record.status)) matching.push({ record: present(entry.record), seq: entry.seq });
    }
    return matching.sort(compareForListing).map((entry) => entry.record);
  }

  private entries(queue: string): Map<string, Entry> {
    let entries = this.queues.get(queue);
    if (!entries) {
      entries = new Map();
      this.queues.set(queue, entries);
    }
    return entries;
  }

  /**
   * Drops the least recently updated records (a Map iterates in insertion order; `put` re-inserts), in batches: only
   * once a queue holds 10% more than `limit`, then back down to `limit` in one pass.
   * NOTE: every re-insert leaves a deleted slot at the front of the Map until V8 rehashes it, and an iteration walks
   * them all: trimming one record per `put` on a full store cost ~20 µs per task (issue 10), in batches it is O(1).
   */
  private trim(entries: Map<string, Entry>): void {
    if (entries.size <= this.limit + this.slack) return;
    let excess = entries.size - this.limit;
    for (const id of entries.keys()) {
      if (excess-- <= 0) return;
      entries.delete(id);
    }
  }
}
