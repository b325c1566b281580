import { SetMetadata } from '@nestjs/common';
import { WORKFLOW_ACTION_METADATA, WORKFLOW_ACTION_OWNER_METADATA } from '../workflows.constants';

/** What @WorkflowAction stores on a method. */
export interface WorkflowActionMetadata {
  name: string;
}

/**
 * Marks a provider method as the workflow action `name`. The method gets `(params, context: WorkflowActionContext)`
 * and returns the step's output; it is found when the module initialises and bound to its provider instance.
 *
 * @example
 * @WorkflowAction('charge_payment')
 * async charge(params: { order_id: string }, ctx: WorkflowActionContext) { ... }
 */
export function WorkflowAction(name: string): MethodDecorator {
  const decorator = SetMetadata<string, WorkflowActionMetadata>(WORKFLOW_ACTION_METADATA, { name });
  return (target, key, descriptor) => {
    Reflect.defineMetadata(WORKFLOW_ACTION_OWNER_METADATA, true, target);
    return decorator(target, key, descriptor);
  };
}
