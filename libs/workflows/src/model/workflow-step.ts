import type { RetryOptions } from '@acb/common';

/** What decides whether a step runs: a boolean, a `${...}` reference read as truthy/falsy, or a function. */
export type StepCondition = boolean | string | ((scope: { input: Readonly<Record<string, unknown>>; outputs: Readonly<Record<string, unknown>> }) => boolean);

/** The fields of a step (a plain object of this shape works wherever a WorkflowStep does). */
export interface WorkflowStepInit {
  /** Unique within the workflow. */
  stepId: string;
  /** @default stepId */
  name?: string;
  /** A @WorkflowAction name, a `'service.method'` string, or `'command'` (the built-in, when enabled). */
  action: string;
  /** Passed to the action after `${...}` interpolation. @default {} */
  params?: Record<string, unknown>;
  /** Steps that must complete first. @default [] */
  dependsOn?: string[];
  /** @default { maxRetries: settings max_retries (0) } */
  retry?: RetryOptions;
  /** Per attempt. @default settings default_timeout (300 s) */
  timeoutMs?: number;
  /** A failure of this step does not fail the run (its dependents are skipped). @default false */
  optional?: boolean;
  /** False → the step is SKIPPED (and so are its dependents). @default true */
  condition?: StepCondition;
}

/**
 * One step of a workflow.
 * @example new WorkflowStep({ stepId: 'charge', action: 'charge_payment', params: { order_id: '${order_id}' }, dependsOn: ['validate'] })
 */
export class WorkflowStep implements WorkflowStepInit {
  stepId: string;
  name: string;
  action: string;
  params: Record<string, unknown>;
  dependsOn: string[];
  retry?: RetryOptions;
  timeoutMs?: number;
  optional: boolean;
  condition?: StepCondition;

  constructor(init: WorkflowStepInit) {
    this.stepId = init.stepId;
    this.name = init.name ?? init.stepId;
    this.action = init.action;
    this.params = init.params ?? {};
    this.dependsOn = init.dependsOn ? [...init.dependsOn] : [];
    this.retry = init.retry;
    this.timeoutMs = init.timeoutMs;
    this.optional = init.optional ?? false;
    this.condition = init.condition;
  }
}
