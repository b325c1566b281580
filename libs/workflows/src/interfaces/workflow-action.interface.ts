/** Lines written through it carry the run, workflow and step ids (and the attempt). */
export interface WorkflowLogger {
  log(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  debug(message: string, fields?: Record<string, unknown>): void;
}

/** What an action gets besides its interpolated params. */
export interface WorkflowActionContext {
  runId: string;
  workflowId: string;
  stepId: string;
  /** 1 for the first attempt of the step. */
  attempt: number;
  /** The run's input (`engine.execute(definition, { input })`). */
  input: Readonly<Record<string, unknown>>;
  /** Outputs of the steps completed so far, by step id. */
  outputs: Readonly<Record<string, unknown>>;
  /** Aborted when the step times out, the run is cancelled, or the run fails elsewhere. */
  signal: AbortSignal;
  logger: WorkflowLogger;
}

/** An action: returns the step's output (JSON-serialisable when runs are persisted in SQL). */
export type WorkflowActionFn<P = any, R = unknown> = (params: P, context: WorkflowActionContext) => R | Promise<R>;

/** Where an engine finds actions by name. */
export interface WorkflowActionResolver {
  has(action: string): boolean;
  names(): string[];
  /** @throws when the action is unknown (the step fails with that error). */
  resolve(action: string): WorkflowActionFn;
}
