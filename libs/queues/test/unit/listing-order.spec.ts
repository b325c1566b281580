import { DEFAULT_BACKOFF } from '@acb/common';
import type { TaskRecord, TaskStatus } from '../../src/interfaces/task.interface';
import { compareForListing, type ListedTask } from '../../src/utils/listing-order';

function listed(id: string, status: TaskStatus, fields: Partial<TaskRecord> = {}, seq = 0): ListedTask {
  const record: TaskRecord = {
    id,
    name: 't',
    queue: 'q',
    payload: null,
    priority: 5,
    status,
    attempts: 0,
    maxRetries: 0,
    backoff: { ...DEFAULT_BACKOFF },
    timeoutMs: 0,
    createdAt: 0,
    runAt: 0,
    ...fields,
  };
  return { record, seq };
}

describe('compareForListing', () => {
  it('puts unknown records after the waiting and active ones and before the finished ones', () => {
    const entries = [
      listed('done', 'completed', { finishedAt: 50 }),
      listed('lost', 'unknown', { localStatus: 'pending' }),
      listed('later', 'delayed', { runAt: 100 }),
      listed('running', 'active', { startedAt: 10 }),
      listed('now', 'pending'),
    ];
    expect(entries.sort(compareForListing).map((entry) => entry.record.id)).toEqual(['now', 'running', 'later', 'lost', 'done']);
  });

  it('orders unknown records as their last seen status would be: run order, then due time, then newest cancelled', () => {
    const entries = [
      listed('cancelled-old', 'unknown', { localStatus: 'cancelled', createdAt: 1 }, 1),
      listed('delayed-late', 'unknown', { localStatus: 'delayed', runAt: 900 }, 2),
      listed('low', 'unknown', { localStatus: 'pending', priority: 2, runAt: 5 }, 3),
      listed('retry-soon', 'unknown', { localStatus: 'failed', runAt: 400 }, 4),
      listed('high', 'unknown', { localStatus: 'pending', priority: 9, runAt: 6 }, 5),
      listed('cancelled-new', 'unknown', { localStatus: 'cancelled', createdAt: 2 }, 6),
      listed('no-local', 'unknown', { priority: 5 }, 7),
    ];
    expect(entries.sort(compareForListing).map((entry) => entry.record.id)).toEqual([
      'high',
      'no-local',
      'low',
      'retry-soon',
      'delayed-late',
      'cancelled-new',
      'cancelled-old',
    ]);
  });
});
