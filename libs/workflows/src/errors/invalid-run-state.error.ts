import { WorkflowsMessages } from '../workflows.messages';

/** An operation that the run's current state does not allow (pause a finished run, retry a completed one). */
export class InvalidRunStateError extends Error {
  constructor(readonly runId: string, readonly state: string, operation: string) {
    super(WorkflowsMessages.invalidRunState(runId, state, operation));
    this.name = 'InvalidRunStateError';
  }
}
