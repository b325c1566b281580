import { WorkflowsMessages } from '../workflows.messages';

/** An attempt of a step ran past its timeoutMs. */
export class StepTimeoutError extends Error {
  constructor(readonly stepId: string, readonly timeoutMs: number) {
    super(WorkflowsMessages.stepTimeout(stepId, timeoutMs));
    this.name = 'StepTimeoutError';
  }
}
