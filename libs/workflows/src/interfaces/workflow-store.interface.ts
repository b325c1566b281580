import type { StepState, WorkflowState } from '../model/workflow-state';
import type { ListRunsQuery, StepResult, WorkflowErrorInfo } from './workflow-result.interface';

/** A step as stored. */
export type StepRecord = StepResult;

/** A run as stored: the definition it runs (as JSON), its input, state and steps. */
export interface RunRecord {
  runId: string;
  workflowId: string;
  /** The definition's JSON form at start (conditions that are functions are not kept). */
  definition: Record<string, unknown>;
  input: Record<string, unknown>;
  state: WorkflowState;
  error?: WorkflowErrorInfo;
  idempotencyKey?: string;
  startedAt: Date;
  finishedAt?: Date;
  steps: Record<string, StepRecord>;
}

/** A run without its definition and steps (`listRuns`). */
export type RunSummary = Omit<RunRecord, 'definition' | 'steps'>;

/**
 * Where runs and their step transitions are kept: memory (lost on restart) or SQL (durable). Every run and step
 * transition goes through it. Durable stores also hold a lease per run so that start-up recovery in one process
 * never takes a run another live process is still running.
 */
export interface WorkflowStore {
  /** True when runs survive a restart (recovery is meaningful). */
  readonly durable: boolean;
  /**
   * True when the store keeps the very record objects the engine hands it (the memory store): the basic engine's
   * transitions are then already stored and it skips the calls.
   */
  readonly sharesRecords?: boolean;
  /**
   * Stores a new run owned by `owner`. With an idempotency key already used for the same workflow, stores nothing and
   * returns the existing run.
   */
  createRun(run: RunRecord, owner: string, leaseMs: number): Promise<{ run: RunRecord; created: boolean }>;
  updateRun(runId: string, patch: { state: WorkflowState; error?: WorkflowErrorInfo | null; finishedAt?: Date | null }): Promise<void>;
  /**
   * Stores a step's record. A step only moves forward: a write ranking below the stored record (fewer attempts, or
   * the same attempt's RUNNING after its outcome; see `stepRank`) is ignored, so writes may be issued concurrently.
   */
  saveStep(runId: string, step: StepRecord): Promise<void>;
  /**
   * Stores `step` only if the stored step is in one of the `from` states (a step never stored counts as PENDING), in
   * one atomic statement: of two processes making the same transition, exactly one gets true.
   */
  transitionStep(runId: string, step: StepRecord, from: readonly StepState[]): Promise<boolean>;
  /** Updates the run only if it is in one of the `from` states (atomically); true when it did. */
  transitionRun(runId: string, patch: { state: WorkflowState; error?: WorkflowErrorInfo | null; finishedAt?: Date | null }, from: readonly WorkflowState[]): Promise<boolean>;
  getRun(runId: string): Promise<RunRecord | undefined>;
  listRuns(query: ListRunsQuery): Promise<RunSummary[]>;
  /** Takes the run for `owner` when its lease expired or it is already `owner`'s (or `force`). */
  claimRun(runId: string, owner: string, leaseMs: number, force?: boolean): Promise<{ claimed: boolean; owner?: string; until?: Date }>;
  /** Extends the leases `owner` holds on `runIds`. */
  renewLeases(owner: string, runIds: readonly string[], leaseMs: number): Promise<void>;
  /** Runs left RUNNING, PENDING or PAUSED whose lease expired (a process died running them). */
  findInterrupted(): Promise<string[]>;
  /**
   * Up to `limit` RUNNING or PAUSED runs of `owner` not updated since `olderThan`, oldest first, each marked updated
   * now (atomically: of two processes asking at once, each run goes to one). The 'queue' engine's sweep checks that
   * their waiting steps still have a task; a store without it leaves that sweep off.
   */
  claimStalledRuns?(owner: string, olderThan: Date, limit: number): Promise<string[]>;
}
