import type { StepState, WorkflowState } from '../model/workflow-state';

/** An error as data (kept in results, stored runs and events). */
export interface WorkflowErrorInfo {
  name: string;
  message: string;
  /** The step whose failure ended the run. */
  stepId?: string;
}

/** One step of a run. */
export interface StepResult {
  stepId: string;
  state: StepState;
  /** The action's return value (COMPLETED steps). */
  output?: unknown;
  error?: WorkflowErrorInfo;
  /** Attempts made so far (across retries and restarts). */
  attempts: number;
  startedAt?: Date;
  finishedAt?: Date;
  /** The 'queue' engine: id of the queue task that runs (or ran) this step, for `Queue.getTask`. */
  taskId?: string;
  /** The 'queue' engine: when the step's current task was enqueued. */
  queuedAt?: Date;
}

/** A run: what `execute` resolves with and `getRun` returns. */
export interface WorkflowResult {
  runId: string;
  workflowId: string;
  state: WorkflowState;
  input: Record<string, unknown>;
  stepResults: Record<string, StepResult>;
  /** Outputs of the COMPLETED steps, by step id. */
  outputs: Record<string, unknown>;
  /** Why the run FAILED or was CANCELLED. */
  error?: WorkflowErrorInfo;
  startedAt: Date;
  finishedAt?: Date;
}

/** Options of `execute` / `start`. */
export interface RunOptions {
  /** The run's input, read by `${name}` references. @default {} */
  input?: Record<string, unknown>;
  /** A second start with the same key (and workflow) returns the first run instead of starting another. */
  idempotencyKey?: string;
  /** @default a random UUID */
  runId?: string;
}

/** A started run: its id at once, its result later. */
export interface StartedRun {
  runId: string;
  /** False when an idempotency key matched an existing run. */
  created: boolean;
  result: Promise<WorkflowResult>;
}

/** Filter of `listRuns`. */
export interface ListRunsQuery {
  workflowId?: string;
  state?: WorkflowState;
  /** @default 100 */
  limit?: number;
}
