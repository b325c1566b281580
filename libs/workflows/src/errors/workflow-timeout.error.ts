import { WorkflowsMessages } from '../workflows.messages';

/** A run ran past its definition's timeoutMs: the run fails and running steps are aborted. */
export class WorkflowTimeoutError extends Error {
  constructor(readonly workflowId: string, readonly timeoutMs: number) {
    super(WorkflowsMessages.runTimeout(workflowId, timeoutMs));
    this.name = 'WorkflowTimeoutError';
  }
}
