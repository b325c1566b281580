import type { Job, JobsOptions } from 'bullmq';
import { MAX_TASK_PRIORITY, TASK_PRIORITY } from '../../queues.constants';
import { DEFAULT_BACKOFF, type BackoffOptions } from '@acb/common';
import type { EnqueueRequest, JsonValue, TaskRecord, TaskStatus } from '../../interfaces/task.interface';

/** The BullMQ backoff type under which our own strategy (`computeBackoffDelay`) runs. */
export const ACB_BACKOFF_TYPE = 'acb';

/** A BullMQ job carrying a task: name = task name, data = payload. */
export type TaskJob = Job<JsonValue, JsonValue, string>;

/**
 * What BullMQ stores in `opts.backoff`. BullMQ reads `type` (our custom strategy) and keeps the object as given;
 * the rest of the task's settings ride along in `acb` so any worker can rebuild the record from the job alone,
 * while `name` and `data` stay plain for Bull Board and other BullMQ tools.
 */
interface AcbBackoffOptions {
  type: typeof ACB_BACKOFF_TYPE;
  delay: number;
  jitter: number;
  acb: { type: 'exponential' | 'fixed'; maxDelayMs: number; multiplier?: number; timeoutMs: number };
}

/** BullMQ priority: 1 runs first. Ours: 0..MAX_TASK_PRIORITY, higher first. Never 0 (BullMQ's "no priority"). */
export function toBullPriority(priority: number): number {
  return MAX_TASK_PRIORITY - priority + 1;
}

/** A job without a BullMQ priority (a queue that does not use priorities, or another tool's job) reads as `normal`. */
export function fromBullPriority(priority: number | undefined): number {
  if (!priority) return TASK_PRIORITY.normal;
  return MAX_TASK_PRIORITY - priority + 1;
}

/**
 * Job options for one enqueue request. `withPriority` false (a queue that does not use priorities): no BullMQ
 * priority, so the job goes to the plain wait list (one list push, FIFO) instead of the prioritized sorted set.
 * Completed jobs are kept (`removeOnComplete: false`) and trimmed to `keepCompleted` in batches by the backend
 * (`trimCompleted`), which costs Redis far less than BullMQ's per-job `removeOnComplete: { count }`; with
 * `keepCompleted` 0 BullMQ removes each job as it completes.
 *
 * Kept small, because BullMQ packs these options on every add, Redis decodes them in the add and finish scripts and
 * the worker parses them on every fetch: no `delay` when there is none, and a task with the default backoff
 * (`DEFAULT_BACKOFF` of @acb/common) and no timeout stores `backoff: { type: 'acb' }` alone — `taskSettings` reads
 * that back as the default, as every earlier version did for a job without the `acb` block.
 */
export function toJobOptions(request: EnqueueRequest, keepCompleted: number, withPriority = true): JobsOptions {
  const options: JobsOptions = {
    jobId: request.id,
    attempts: request.maxRetries + 1,
    backoff: toBackoffOptions(request) as unknown as JobsOptions['backoff'],
    removeOnComplete: keepCompleted === 0,
    removeOnFail: false,
  };
  if (request.delayMs > 0) options.delay = request.delayMs;
  if (withPriority) options.priority = toBullPriority(request.priority);
  return options;
}

/** `opts.backoff` of a request: `{ type: 'acb' }` alone for the default policy without a timeout (see `toJobOptions`). */
function toBackoffOptions(request: EnqueueRequest): AcbBackoffOptions | Pick<AcbBackoffOptions, 'type'> {
  const backoff = request.backoff;
  if (
    request.timeoutMs === 0 &&
    backoff.type === DEFAULT_BACKOFF.type &&
    backoff.delayMs === DEFAULT_BACKOFF.delayMs &&
    backoff.maxDelayMs === DEFAULT_BACKOFF.maxDelayMs &&
    backoff.multiplier === DEFAULT_BACKOFF.multiplier &&
    backoff.jitter === DEFAULT_BACKOFF.jitter
  ) {
    return { type: ACB_BACKOFF_TYPE };
  }
  return {
    type: ACB_BACKOFF_TYPE,
    delay: backoff.delayMs,
    jitter: backoff.jitter,
    acb: { type: backoff.type, maxDelayMs: backoff.maxDelayMs, multiplier: backoff.multiplier, timeoutMs: request.timeoutMs },
  };
}

/** The task's backoff and timeout, read back from a job. */
export function taskSettings(job: Pick<TaskJob, 'opts'>): { backoff: Required<BackoffOptions>; timeoutMs: number } {
  const stored = job.opts.backoff as Partial<AcbBackoffOptions> | number | undefined;
  if (typeof stored !== 'object' || stored === null || stored.acb === undefined) {
    return { backoff: { ...DEFAULT_BACKOFF }, timeoutMs: 0 };
  }
  return {
    backoff: {
      type: stored.acb.type,
      delayMs: stored.delay ?? DEFAULT_BACKOFF.delayMs,
      maxDelayMs: stored.acb.maxDelayMs,
      // NOTE: jobs stored before the multiplier was carried doubled their delays.
      multiplier: stored.acb.multiplier ?? DEFAULT_BACKOFF.multiplier,
      jitter: stored.jitter ?? DEFAULT_BACKOFF.jitter,
    },
    timeoutMs: stored.acb.timeoutMs,
  };
}

/** BullMQ job state -> task status. A delayed job that already ran is a retry waiting for its backoff: `failed`. */
export function toTaskStatus(state: string, job: Pick<TaskJob, 'attemptsMade'>): TaskStatus | undefined {
  switch (state) {
    case 'waiting':
    case 'wait':
    case 'prioritized':
    case 'paused':
    case 'waiting-children':
      return 'pending';
    case 'delayed':
      return job.attemptsMade > 0 ? 'failed' : 'delayed';
    case 'active':
      return 'active';
    case 'completed':
      return 'completed';
    case 'failed':
      return 'dead';
    default:
      return undefined;
  }
}

/**
 * The task record of a job in `status`. `dueAt` is the delayed set's score when known (a retry's due time is not on
 * the job hash). Attempts: BullMQ's `attemptsMade` counts finished attempts (failed or completed); a running
 * attempt is counted too, as the contract says.
 */
export function toTaskRecord(job: TaskJob, queue: string, status: TaskStatus, dueAt?: number): TaskRecord {
  const { backoff, timeoutMs } = taskSettings(job);
  const attempts = status === 'active' ? job.attemptsMade + 1 : job.attemptsMade;
  const record: TaskRecord = {
    id: String(job.id),
    name: job.name,
    queue,
    payload: job.data,
    priority: fromBullPriority(job.opts.priority),
    status,
    attempts,
    maxRetries: Math.max(0, (job.opts.attempts ?? 1) - 1),
    backoff,
    timeoutMs,
    createdAt: job.timestamp,
    runAt: dueAt ?? job.timestamp + (job.attemptsMade === 0 ? (job.delay ?? 0) : 0),
  };
  if (job.processedOn) record.startedAt = job.processedOn;
  if ((status === 'completed' || status === 'dead') && job.finishedOn) record.finishedAt = job.finishedOn;
  if (status === 'completed' && job.returnvalue !== null && job.returnvalue !== undefined) record.result = job.returnvalue;
  if (job.failedReason) record.error = job.failedReason;
  // NOTE: BullMQ starts every job at progress 0: 0 reads as "not reported".
  const progress = job.progress as JsonValue | undefined;
  if (progress !== undefined && progress !== null && progress !== 0) record.progress = progress;
  return record;
}

/**
 * Trims a queue's completed set to its newest ARGV[2] jobs, atomically: deletes the oldest jobs' hashes (and log
 * lists) and their set entries. KEYS[1] = `<prefix>:<queue>:completed`, ARGV[1] = `<prefix>:<queue>:` (job key
 * prefix). Our jobs have no parent, children or deduplication key, so this is all BullMQ's removeJob would do for
 * them; running it once per batch instead of per job (BullMQ's `removeOnComplete: { count }` runs a range query, a
 * trim and the removal for every completion) saves ~20% of Redis CPU per task. The keys go 400 to a DEL (one command
 * per 200 jobs instead of one per job: ~10% less Redis CPU for the trim). Returns how many jobs it removed.
 */
export const TRIM_COMPLETED_SCRIPT = `local excess = redis.call('ZCARD', KEYS[1]) - tonumber(ARGV[2])
if excess <= 0 then return 0 end
local ids = redis.call('ZRANGE', KEYS[1], 0, excess - 1)
for first = 1, #ids, 200 do
  local keys = {}
  for i = first, math.min(first + 199, #ids) do
    local key = ARGV[1] .. ids[i]
    keys[#keys + 1] = key
    keys[#keys + 1] = key .. ':logs'
  end
  redis.call('DEL', unpack(keys))
end
redis.call('ZREMRANGEBYRANK', KEYS[1], 0, excess - 1)
return excess`;

/** Completions between two trims of a queue's completed set: a tenth of what is kept, at most 1000. */
export function trimInterval(keepCompleted: number): number {
  return Math.max(1, Math.min(1000, Math.ceil(keepCompleted / 10)));
}
