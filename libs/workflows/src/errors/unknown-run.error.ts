import { WorkflowsMessages } from '../workflows.messages';

/** No stored run has this id. */
export class UnknownRunError extends Error {
  constructor(readonly runId: string) {
    super(WorkflowsMessages.unknownRun(runId));
    this.name = 'UnknownRunError';
  }
}
