import { WorkflowsMessages } from '../workflows.messages';

/** A definition that cannot run; `problems` lists every one found (not only the first). */
export class WorkflowValidationError extends Error {
  constructor(
    readonly workflowId: string,
    readonly problems: readonly string[],
  ) {
    super(WorkflowsMessages.invalidDefinition(workflowId, problems));
    this.name = 'WorkflowValidationError';
  }
}
