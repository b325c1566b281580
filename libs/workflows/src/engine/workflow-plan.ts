import type { WorkflowActionResolver } from '../interfaces/workflow-action.interface';
import { resolveBackoff, type BackoffOptions, type RetryOptions } from '@acb/common';
import { WorkflowDefinition } from '../model/workflow-definition';
import type { StepCondition, WorkflowStep } from '../model/workflow-step';
import { validateDefinition } from '../validation/validate-definition';
import { compileTemplate, type CompiledTemplate, type InterpolationScope } from './interpolation';

/** Engine-wide defaults a plan is compiled with. */
export interface PlanDefaults {
  maxConcurrentSteps: number;
  timeoutMs: number;
  retry: RetryOptions;
}

/** A step ready to schedule: indexes instead of ids, compiled params and condition. */
export interface PlannedStep {
  index: number;
  step: WorkflowStep;
  dependencies: number[];
  dependents: number[];
  params: CompiledTemplate;
  condition: ((scope: InterpolationScope) => boolean) | undefined;
  maxRetries: number;
  backoff: Required<BackoffOptions>;
  timeoutMs: number;
}

/** A validated definition compiled for scheduling. */
export interface WorkflowPlan {
  definition: WorkflowDefinition;
  steps: PlannedStep[];
  byId: Map<string, PlannedStep>;
  maxConcurrentSteps: number;
}

/**
 * Validates `definition` (every problem at once) and compiles it. Plans are cached per definition object and
 * defaults, so running the same definition again compiles nothing.
 */
export function compilePlan(
  input: WorkflowDefinition | ConstructorParameters<typeof WorkflowDefinition>[0],
  defaults: PlanDefaults,
  actions: WorkflowActionResolver | undefined,
  cache?: WeakMap<object, WorkflowPlan>,
): WorkflowPlan {
  const cached = cache?.get(input);
  if (cached) return cached;
  const definition = WorkflowDefinition.from(input);
  validateDefinition(definition, actions);
  const byId = new Map<string, PlannedStep>();
  const baseBackoff = resolveBackoff(defaults.retry.backoff);
  const steps = definition.steps.map((step, index): PlannedStep => {
    const planned: PlannedStep = {
      index,
      step,
      dependencies: [],
      dependents: [],
      params: compileTemplate(step.params),
      condition: compileCondition(step.condition),
      maxRetries: step.retry?.maxRetries ?? defaults.retry.maxRetries ?? 0,
      backoff: resolveBackoff(step.retry?.backoff, baseBackoff),
      timeoutMs: step.timeoutMs ?? defaults.timeoutMs,
    };
    byId.set(step.stepId, planned);
    return planned;
  });
  for (const planned of steps) {
    for (const dependency of new Set(planned.step.dependsOn)) {
      const target = byId.get(dependency)!;
      planned.dependencies.push(target.index);
      target.dependents.push(planned.index);
    }
  }
  const plan: WorkflowPlan = { definition, steps, byId, maxConcurrentSteps: definition.maxConcurrentSteps ?? defaults.maxConcurrentSteps };
  cache?.set(input, plan);
  return plan;
}

function compileCondition(condition: StepCondition | undefined): PlannedStep['condition'] {
  if (condition === undefined || condition === true) return undefined;
  if (condition === false) return () => false;
  if (typeof condition === 'function') return (scope) => Boolean(condition(scope));
  const template = compileTemplate(condition);
  return (scope) => truthy(template(scope));
}

/** A condition's value read as a boolean; the text 'false', '0', '' and 'no' are false (YAML-written conditions). */
function truthy(value: unknown): boolean {
  if (typeof value === 'string') return !['', 'false', '0', 'no', 'off'].includes(value.trim().toLowerCase());
  return Boolean(value);
}

/** The JSON form of a definition kept with a run (function conditions are dropped). */
export function serializeDefinition(definition: WorkflowDefinition): Record<string, unknown> {
  return {
    workflowId: definition.workflowId,
    name: definition.name,
    version: definition.version,
    description: definition.description,
    timeoutMs: definition.timeoutMs,
    maxConcurrentSteps: definition.maxConcurrentSteps,
    steps: definition.steps.map((step) => ({
      stepId: step.stepId,
      name: step.name,
      action: step.action,
      params: step.params,
      dependsOn: step.dependsOn,
      retry: step.retry,
      timeoutMs: step.timeoutMs,
      optional: step.optional,
      condition: typeof step.condition === 'function' ? undefined : step.condition,
    })),
  };
}
