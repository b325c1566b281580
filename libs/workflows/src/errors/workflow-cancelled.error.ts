import { WorkflowsMessages } from '../workflows.messages';

/** The reason a cancelled run's running steps are aborted with. */
export class WorkflowCancelledError extends Error {
  constructor(readonly runId: string) {
    super(WorkflowsMessages.runCancelled(runId));
    this.name = 'WorkflowCancelledError';
  }
}
