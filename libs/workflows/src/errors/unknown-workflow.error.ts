import { WorkflowsMessages } from '../workflows.messages';

/** No registered definition has this workflowId. */
export class UnknownWorkflowError extends Error {
  constructor(readonly workflowId: string, known: readonly string[]) {
    super(WorkflowsMessages.unknownWorkflow(workflowId, known));
    this.name = 'UnknownWorkflowError';
  }
}
