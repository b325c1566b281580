import { Inject } from '@nestjs/common';
import { WORKFLOW_ENGINE } from '../workflows.tokens';

/**
 * Injects the application's WorkflowEngine (the one `engine` selects), for the engine's own API next to
 * WorkflowService (e.g. running a definition without registering it).
 * @example constructor(@InjectWorkflowEngine() private readonly engine: WorkflowEngine) {}
 */
export function InjectWorkflowEngine(): PropertyDecorator & ParameterDecorator {
  return Inject(WORKFLOW_ENGINE);
}
