/** Metadata key of @WorkflowAction. */
export const WORKFLOW_ACTION_METADATA = 'acb:workflows:action';
/** Metadata key set on a prototype that declares @WorkflowAction methods (lets the explorer skip other classes). */
export const WORKFLOW_ACTION_OWNER_METADATA = 'acb:workflows:action-owner';

/** Default maximum of steps of one run running at once. */
export const DEFAULT_MAX_CONCURRENT_STEPS = 5;
/** Default per-attempt step timeout (settings `default_timeout: 300`, in seconds there). */
export const DEFAULT_STEP_TIMEOUT_MS = 300_000;
/** Default retries after a step's first attempt (settings `max_retries`, alias `retry_attempts`). */
export const DEFAULT_MAX_RETRIES = 0;
/** How long a run stays owned by the process running it without a renewal (durable persistence). */
export const DEFAULT_LEASE_MS = 30_000;

/** Event names on the event bus. */
export const WORKFLOW_EVENTS = Object.freeze({
  started: 'workflow.started',
  completed: 'workflow.completed',
  failed: 'workflow.failed',
  cancelled: 'workflow.cancelled',
  paused: 'workflow.paused',
  resumed: 'workflow.resumed',
  stepStarted: 'workflow.step.started',
  stepCompleted: 'workflow.step.completed',
  stepFailed: 'workflow.step.failed',
  stepSkipped: 'workflow.step.skipped',
} as const);
