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
  controller: AbortController;
}

/**
 * Calls the step's action inside an `AcbContext` carrying the run and step ids, with the attempt's timeout: on
 * timeout the signal is aborted and the attempt rejects with StepTimeoutError, whether or not the action stops.
 */
export function invokeStep(attempt: StepAttempt): Promise<unknown> {
  const { step, timeoutMs, controller, runId, workflowId, logger: baseLogger } = attempt;
  const context: WorkflowActionContext = {
    runId,
    workflowId,
    stepId: step.stepId,
    attempt: attempt.attempt,
    input: attempt.input,
    outputs: attempt.outputs,
    signal: controller.signal,
    get logger() {
      const logger = new StepLogger(baseLogger, { workflowRunId: runId, workflowId, stepId: step.stepId, attempt: attempt.attempt });
      Object.defineProperty(this, 'logger', { value: logger });
      return logger;
    },
  };
  const call = AcbContext.run({ workflowRunId: runId, stepId: step.stepId }, () => {
    try {
      return Promise.resolve(attempt.actions.resolve(step.action)(attempt.params, context));
    } catch (error) {
      return Promise.reject(error);
    }
  });
  if (!Number.isFinite(timeoutMs)) return call;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      const error = new StepTimeoutError(step.stepId, timeoutMs);
      controller.abort(error);
      reject(error);
    }, timeoutMs);
    // NOTE: an abort from elsewhere (run ended, engine closed) frees the timer even if the action never settles.
    controller.signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
    call.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
