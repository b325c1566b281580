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
