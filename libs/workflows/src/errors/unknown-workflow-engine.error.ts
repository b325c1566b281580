import { WorkflowsMessages } from '../workflows.messages';

/** importWorkflowEngine() / settings `engine` with a name no engine is registered under. */
export class UnknownWorkflowEngineError extends Error {
  constructor(readonly engineName: string, valid: readonly string[]) {
    super(WorkflowsMessages.unknownEngine(engineName, valid));
    this.name = 'UnknownWorkflowEngineError';
  }
}
