import type { Job } from 'bullmq';
import {
  fromBullPriority,
  taskSettings,
  toBullPriority,
  toJobOptions,
  toTaskRecord,
  toTaskStatus,
  trimInterval,
  type TaskJob,
} from '../src/backends/bullmq/bullmq-job-mapping';
import { describeRedis, resolveBullMqExtra, toRedisOptions } from '../src/backends/bullmq/bullmq.options';
import type { EnqueueRequest } from '../src/interfaces/task.interface';
import { computeBackoffDelay, DEFAULT_BACKOFF } from '@acb/common';

const request: EnqueueRequest = {
  id: 'order-42',
  deduplicate: true,
  name: 'send_email',
  queue: 'default',
  payload: { to: 'a@b.c' },
  priority: 7,
  delayMs: 500,
  maxRetries: 3,
  backoff: { type: 'exponential', delayMs: 1000, maxDelayMs: 60000, multiplier: 3, jitter: 0.5 },
  timeoutMs: 2500,
};

function job(fields: Partial<TaskJob>): TaskJob {
  return { id: 'order-42', name: 'send_email', data: { to: 'a@b.c' }, timestamp: 1000, attemptsMade: 0, ...fields } as TaskJob;
}

describe('BullMQ job mapping', () => {
  it('maps priorities 0..10 (higher first) onto BullMQ 11..1 (lower first), never 0', () => {
    expect(toBullPriority(10)).toBe(1);
    expect(toBullPriority(0)).toBe(11);
    for (let p = 0; p <= 10; p++) expect(fromBullPriority(toBullPriority(p))).toBe(p);
    const order = [0, 2, 5, 7, 10].map(toBullPriority);
    expect(order).toEqual([...order].sort((a, b) => b - a));
  });

  it('leaves the BullMQ priority out for a queue without priorities, and reads a job without one as normal', () => {
    expect(toJobOptions(request, 100, false)).not.toHaveProperty('priority');
    expect(toJobOptions(request, 100).priority).toBe(4);
    expect(fromBullPriority(undefined)).toBe(5);
    expect(fromBullPriority(0)).toBe(5);
  });

  it('stores retries, backoff and timeout in the job options and reads them back', () => {
    const opts = toJobOptions(request, 100);
    expect(opts).toMatchObject({ jobId: 'order-42', priority: 4, delay: 500, attempts: 4, removeOnFail: false });
    // Completed jobs are kept and trimmed in batches by the backend; keepCompleted 0 lets BullMQ remove each at once.
    expect(opts.removeOnComplete).toBe(false);
    expect(toJobOptions(request, 0).removeOnComplete).toBe(true);
    expect([trimInterval(0), trimInterval(5), trimInterval(10_000), trimInterval(1_000_000)]).toEqual([1, 1, 1000, 1000]);
    expect(taskSettings({ opts } as Job)).toEqual({ backoff: request.backoff, timeoutMs: 2500 });
    // A job made by another tool falls back to the default backoff.
    expect(taskSettings({ opts: {} } as Job).timeoutMs).toBe(0);
  });

  it('keeps the job options small: no delay when none, the default retry policy as { type: acb } alone', () => {
    const plain: EnqueueRequest = { ...request, deduplicate: false, delayMs: 0, backoff: { ...DEFAULT_BACKOFF }, timeoutMs: 0 };
    const opts = toJobOptions(plain, 100, false);
    expect(opts).toEqual({ jobId: 'order-42', attempts: 4, backoff: { type: 'acb' }, removeOnComplete: false, removeOnFail: false });
    expect(taskSettings({ opts } as Job)).toEqual({ backoff: DEFAULT_BACKOFF, timeoutMs: 0 });
    // A timeout or any other backoff than the default is stored in full.
    expect(toJobOptions({ ...plain, timeoutMs: 1 }, 100).backoff).toMatchObject({ acb: { timeoutMs: 1 } });
    expect(taskSettings({ opts: toJobOptions({ ...plain, backoff: { ...DEFAULT_BACKOFF, jitter: 0 } }, 100) } as Job).backoff.jitter).toBe(0);
  });

  it('turns BullMQ states into task statuses; a delayed job that already ran is a retry (failed)', () => {
    expect(toTaskStatus('prioritized', { attemptsMade: 0 })).toBe('pending');
    expect(toTaskStatus('waiting', { attemptsMade: 0 })).toBe('pending');
    expect(toTaskStatus('delayed', { attemptsMade: 0 })).toBe('delayed');
    expect(toTaskStatus('delayed', { attemptsMade: 1 })).toBe('failed');
    expect(toTaskStatus('active', { attemptsMade: 0 })).toBe('active');
    expect(toTaskStatus('completed', { attemptsMade: 1 })).toBe('completed');
    expect(toTaskStatus('failed', { attemptsMade: 4 })).toBe('dead');
    expect(toTaskStatus('unknown', { attemptsMade: 0 })).toBeUndefined();
  });

  it('builds the task record: a running attempt counts, the result and error are kept', () => {
    const opts = toJobOptions(request, 100);
    const active = toTaskRecord(job({ opts, attemptsMade: 1, processedOn: 2000 }), 'default', 'active');
    expect(active).toMatchObject({ id: 'order-42', status: 'active', attempts: 2, priority: 7, maxRetries: 3, startedAt: 2000 });
    const done = toTaskRecord(job({ opts, attemptsMade: 2, returnvalue: { ok: 1 }, finishedOn: 3000 }), 'default', 'completed');
    expect(done).toMatchObject({ status: 'completed', attempts: 2, result: { ok: 1 }, finishedAt: 3000 });
    const dead = toTaskRecord(job({ opts, attemptsMade: 4, failedReason: 'Error: boom' }), 'default', 'dead');
    expect(dead).toMatchObject({ status: 'dead', error: 'Error: boom' });
    expect(toTaskRecord(job({ opts, delay: 500 }), 'default', 'delayed').runAt).toBe(1500);
    expect(toTaskRecord(job({ opts, attemptsMade: 1 }), 'default', 'failed', 9000).runAt).toBe(9000);
  });

  it('the custom strategy gives the shared backoff delays, the multiplier carried in the job', () => {
    const settings = taskSettings({ opts: toJobOptions({ ...request, backoff: { ...request.backoff, jitter: 0 } }, 1) } as Job);
    expect([1, 2, 3].map((retry) => computeBackoffDelay(settings.backoff, retry))).toEqual([1000, 3000, 9000]);
  });
});

describe('BullMQ backend options', () => {
  it('reads a redis URL (credentials, db, tls) and never waits out commands', () => {
    const options = toRedisOptions({ url: 'rediss://user:p%40ss@cache.local:6380/2' });
    expect(options).toMatchObject({ host: 'cache.local', port: 6380, username: 'user', password: 'p@ss', db: 2, tls: {} });
    expect(options.maxRetriesPerRequest).toBeNull();
    expect(describeRedis(options)).toBe('cache.local:6380/2');
    expect(toRedisOptions({ host: 'h', port: 1 })).toMatchObject({ host: 'h', port: 1 });
  });

  it('fills defaults and rejects a wrong extra value with its key', () => {
    expect(resolveBullMqExtra({ lockDurationMs: 5000 })).toMatchObject({ lockDurationMs: 5000, maxStalledCount: 5 });
    expect(() => resolveBullMqExtra({ lockDurationMs: 'soon' })).toThrow(/backendOptions\.lockDurationMs/);
  });
});
