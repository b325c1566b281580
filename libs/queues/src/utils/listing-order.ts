import type { TaskRecord, TaskStatus } from '../interfaces/task.interface';

/** A task as a backend keeps it for listing: its record and its arrival order. */
export interface ListedTask {
  record: TaskRecord;
  /** Arrival order among tasks of one priority. */
  seq: number;
}

/**
 * Listing order shared by the backends: pending by run order, active by start, delayed/failed by due time, unknown
 * (rabbitmq without a shared store) after them — among themselves in the order of the status they were last seen in
 * (`localStatus`) — then finished newest first.
 */
export function compareForListing(a: ListedTask, b: ListedTask): number {
  return compareAs(a, a.record.status, b, b.record.status);
}

function compareAs(a: ListedTask, statusA: TaskStatus, b: ListedTask, statusB: TaskStatus): number {
  const ra = listingRank(statusA);
  const rb = listingRank(statusB);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 0:
      return b.record.priority - a.record.priority || a.seq - b.seq;
    case 1:
      return (a.record.startedAt ?? 0) - (b.record.startedAt ?? 0);
    case 2:
      return a.record.runAt - b.record.runAt || a.seq - b.seq;
    case 3:
      return compareAs(a, lastSeen(a.record.localStatus), b, lastSeen(b.record.localStatus));
    default:
      return (b.record.finishedAt ?? b.record.createdAt) - (a.record.finishedAt ?? a.record.createdAt) || b.seq - a.seq;
  }
}

/** The status an `unknown` record was last seen in (never `unknown` itself, so the comparison ends). */
function lastSeen(status: TaskStatus | undefined): TaskStatus {
  return status === undefined || status === 'unknown' ? 'pending' : status;
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
