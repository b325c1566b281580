import type { TaskRecord, TaskStatus } from '../interfaces/task.interface';

/** A task as a backend keeps it for listing: its record and its arrival order. */
export interface ListedTask {
  record: TaskRecord;
  /** Arrival order among tasks of one priority. */
  seq: number;
}

/**
 * Listing order shared by the backends: pending by run order, active by start, delayed/failed by due time, unknown
 * (rabbitmq without a shared store) by the due time last known, finished newest first.
 */
export function compareForListing(a: ListedTask, b: ListedTask): number {
  const ra = listingRank(a.record.status);
  const rb = listingRank(b.record.status);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return b.record.priority - a.record.priority || a.seq - b.seq;
    case 1:
      return (a.record.startedAt ?? 0) - (b.record.startedAt ?? 0);
    case 2:
    case 3:
      return a.record.runAt - b.record.runAt || a.seq - b.seq;
    default:
      return (b.record.finishedAt ?? b.record.createdAt) - (a.record.finishedAt ?? a.record.createdAt) || b.seq - a.seq;
  }
}

function listingRank(status: TaskStatus): number {
  switch (status) {
    case 'pending':
      return 0;
    case 'active':
      return 1;
    case 'delayed':
    case 'failed':
      return 2;
    case 'unknown':
      return 3;
    case 'completed':
    case 'dead':
    case 'cancelled':
      return 4;
  }
}
