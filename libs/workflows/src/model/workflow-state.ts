/** The state of a run. */
export const WorkflowState = Object.freeze({
  PENDING: 'PENDING',
  RUNNING: 'RUNNING',
  PAUSED: 'PAUSED',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  CANCELLED: 'CANCELLED',
} as const);
export type WorkflowState = (typeof WorkflowState)[keyof typeof WorkflowState];

/** The state of one step of a run. */
export const StepState = Object.freeze({
  PENDING: 'PENDING',
  /** Handed to the queue ('queue' engine): a worker will run it. */
  QUEUED: 'QUEUED',
  RUNNING: 'RUNNING',
  COMPLETED: 'COMPLETED',
  FAILED: 'FAILED',
  SKIPPED: 'SKIPPED',
  CANCELLED: 'CANCELLED',
} as const);
export type StepState = (typeof StepState)[keyof typeof StepState];

/** Run states after which nothing changes any more (until `retry`). */
export function isFinishedRunState(state: WorkflowState): boolean {
  return state === 'COMPLETED' || state === 'FAILED' || state === 'CANCELLED';
}

/**
 * Orders the records of one step: by attempts, then PENDING/QUEUED < RUNNING < an outcome. A store never replaces a
 * step's record with one of a lower rank.
 */
export function stepRank(state: StepState, attempts: number): number {
  return attempts * 4 + (state === 'PENDING' || state === 'QUEUED' ? 0 : state === 'RUNNING' ? 1 : 2);
}
