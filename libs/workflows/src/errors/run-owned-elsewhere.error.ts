import { WorkflowsMessages } from '../workflows.messages';

/** resume() of a run another live process holds the lease of. */
export class RunOwnedElsewhereError extends Error {
  constructor(readonly runId: string, readonly owner: string, until: Date) {
    super(WorkflowsMessages.runOwnedElsewhere(runId, owner, until.toISOString()));
    this.name = 'RunOwnedElsewhereError';
  }
}
