import type { LoggerService } from '@nestjs/common';
import { AcbContext } from '@acb/logger';
import { StepTimeoutError } from '../errors/step-timeout.error';
import type { WorkflowActionContext, WorkflowActionResolver } from '../interfaces/workflow-action.interface';
import type { WorkflowStep } from '../model/workflow-step';
import { StepLogger } from './step-logger';

/** One attempt of a step, as every engine runs it. */
export interface StepAttempt {
  actions: WorkflowActionResolver;
  logger: LoggerService;
  runId: string;
  workflowId: string;
  step: WorkflowStep;
  timeoutMs: number;
  params: unknown;
  attempt: number;
  input: Readonly<Record<string, unknown>>;
  outputs: Readonly<Record<string, unknown>>;
  /** Aborted by the engine (run ended, engine closed); the attempt's own timeout aborts it too. */
  abort: AttemptAbort;
}

/**
 * The abort side of one attempt. The AbortSignal is created only when the action reads `context.signal` (most
 * no-op and CPU-bound actions never do): a controller and its listeners per step were a measurable share of the
 * per-step cost.
 */
export class AttemptAbort {
  private controller: AbortController | undefined;
  private reason: unknown;
  aborted = false;
  /** The attempt's timeout timer, cleared by any abort. */
  timer: NodeJS.Timeout | undefined;

  get signal(): AbortSignal {
    this.controller ??= new AbortController();
    if (this.aborted && !this.controller.signal.aborted) this.controller.abort(this.reason);
    return this.controller.signal;
  }

  abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    if (this.timer) clearTimeout(this.timer);
    this.controller?.abort(reason);
  }
}

/**
 * Calls the step's action inside an `AcbContext` carrying the run and step ids, with the attempt's timeout: on
 * timeout the signal is aborted and the attempt rejects with StepTimeoutError, whether or not the action stops.
 * Returns what a synchronous action returns (or throws what it throws); a promise otherwise.
 */
export function invokeStep(attempt: StepAttempt): unknown {
  const { step, timeoutMs, abort, runId, workflowId, logger: baseLogger } = attempt;
  const context: WorkflowActionContext = {
    runId,
    workflowId,
    stepId: step.stepId,
    attempt: attempt.attempt,
    input: attempt.input,
    outputs: attempt.outputs,
    get signal() {
      return abort.signal;
    },
    get logger() {
      const logger = new StepLogger(baseLogger, { workflowRunId: runId, workflowId, stepId: step.stepId, attempt: attempt.attempt });
      Object.defineProperty(this, 'logger', { value: logger });
      return logger;
    },
  };
  const value = AcbContext.run({ workflowRunId: runId, stepId: step.stepId }, () => attempt.actions.resolve(step.action)(attempt.params, context));
  // NOTE: a synchronous action (its value, or its throw) needs no timer and no promise of its own.
  if (!isThenable(value) || !Number.isFinite(timeoutMs)) return value;
  const call = value;
  return new Promise((resolve, reject) => {
    // NOTE: an abort from elsewhere (run ended, engine closed) clears this timer even if the action never settles.
    const timer = setTimeout(() => {
      const error = new StepTimeoutError(step.stepId, timeoutMs);
      abort.abort(error);
      reject(error);
    }, timeoutMs);
    abort.timer = timer;
    call.then(
      (result) => {
        clearTimeout(timer);
        resolve(result);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && typeof (value as PromiseLike<unknown>).then === 'function';
}
