import { WorkflowsMessages } from '../workflows.messages';

/** A `${...}` reference in a step's params or condition has no value: the step fails naming it. */
export class MissingReferenceError extends Error {
  constructor(readonly reference: string) {
    super(WorkflowsMessages.missingReference(reference));
    this.name = 'MissingReferenceError';
  }
}
