import { UnknownWorkflowError } from '../errors/unknown-workflow.error';
import { WorkflowDefinition } from '../model/workflow-definition';

/** The definitions registered in one application, by workflow id (the latest registration wins). */
export class DefinitionCatalog {
  private readonly definitions = new Map<string, WorkflowDefinition>();

  set(definition: WorkflowDefinition): void {
    this.definitions.set(definition.workflowId, definition);
  }

  find(workflowId: string): WorkflowDefinition | undefined {
    return this.definitions.get(workflowId);
  }

  /** @throws UnknownWorkflowError listing the registered ids */
  get(workflowId: string): WorkflowDefinition {
    const definition = this.definitions.get(workflowId);
    if (!definition) throw new UnknownWorkflowError(workflowId, [...this.definitions.keys()]);
    return definition;
  }

  list(): WorkflowDefinition[] {
    return [...this.definitions.values()];
  }
}
