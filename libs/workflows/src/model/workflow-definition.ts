import { WorkflowStep, type WorkflowStepInit } from './workflow-step';

/** The fields of a workflow (a plain object of this shape works wherever a WorkflowDefinition does). */
export interface WorkflowDefinitionInit {
  workflowId: string;
  /** @default workflowId */
  name?: string;
  /** @default '1' */
  version?: string;
  description?: string;
  steps: Array<WorkflowStep | WorkflowStepInit>;
  /** The whole run; none by default. */
  timeoutMs?: number;
  /** Steps of one run running at once. @default the engine's (settings max_concurrent_steps, 5) */
  maxConcurrentSteps?: number;
}

/**
 * A workflow: steps and their dependencies (a DAG).
 * @example new WorkflowDefinition({ workflowId: 'order-fulfillment', steps: [{ stepId: 'validate', action: 'validate_order' }] })
 */
export class WorkflowDefinition {
  workflowId: string;
  name: string;
  version: string;
  description?: string;
  steps: WorkflowStep[];
  timeoutMs?: number;
  maxConcurrentSteps?: number;

  constructor(init: WorkflowDefinitionInit) {
    this.workflowId = init.workflowId;
    this.name = init.name ?? init.workflowId;
    this.version = init.version ?? '1';
    this.description = init.description;
    this.steps = Array.isArray(init.steps) ? init.steps.map((step) => (step instanceof WorkflowStep ? step : new WorkflowStep(step))) : [];
    this.timeoutMs = init.timeoutMs;
    this.maxConcurrentSteps = init.maxConcurrentSteps;
  }

  /** The definition as given, or a new one built from a plain object. */
  static from(value: WorkflowDefinition | WorkflowDefinitionInit): WorkflowDefinition {
    return value instanceof WorkflowDefinition ? value : new WorkflowDefinition(value);
  }
}
