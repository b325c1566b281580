import { listReferences, referencedStep } from '../engine/interpolation';
import { WorkflowValidationError } from '../errors/workflow-validation.error';
import type { WorkflowDefinition } from '../model/workflow-definition';
import type { WorkflowStep } from '../model/workflow-step';
import { WorkflowsMessages as M } from '../workflows.messages';

/** How validation learns which action names exist. */
export interface ActionCatalog {
  has(action: string): boolean;
  names(): string[];
}

/**
 * Every problem of `definition`: missing ids, duplicate ids, unknown dependencies, cycles (named), unknown actions
 * (when `actions` is given), `${steps.x...}` references to steps that are not dependencies, invalid numbers.
 */
export function definitionProblems(definition: WorkflowDefinition, actions?: ActionCatalog): string[] {
  const problems: string[] = [];
  if (typeof definition.workflowId !== 'string' || definition.workflowId.length === 0) problems.push(M.missingWorkflowId());
  if (definition.steps.length === 0) problems.push(M.noSteps());
  checkPositive(problems, `workflow "${definition.workflowId}"`, 'timeoutMs', definition.timeoutMs);
  checkPositiveInteger(problems, `workflow "${definition.workflowId}"`, 'maxConcurrentSteps', definition.maxConcurrentSteps);

  const byId = new Map<string, WorkflowStep>();
  definition.steps.forEach((step, index) => {
    if (typeof step.stepId !== 'string' || step.stepId.length === 0) {
      problems.push(M.missingStepId(index));
      return;
    }
    if (byId.has(step.stepId)) problems.push(M.duplicateStep(step.stepId));
    else byId.set(step.stepId, step);
  });

  for (const step of byId.values()) {
    const where = `step "${step.stepId}"`;
    if (typeof step.action !== 'string' || step.action.length === 0) problems.push(M.missingAction(step.stepId));
    else if (actions && !actions.has(step.action)) problems.push(M.unknownAction(step.stepId, step.action, actions.names()));
    for (const dependency of step.dependsOn) {
      if (!byId.has(dependency)) problems.push(M.unknownDependency(step.stepId, dependency));
    }
    checkPositive(problems, where, 'timeoutMs', step.timeoutMs);
    const maxRetries = step.retry?.maxRetries;
    if (maxRetries !== undefined && !(Number.isInteger(maxRetries) && maxRetries >= 0)) {
      problems.push(M.invalidNumber(where, 'retry.maxRetries', 'an integer >= 0'));
    }
  }

  const cycles = findCycles(byId);
  for (const cycle of cycles) problems.push(M.cycle(cycle));
  checkReferences(byId, problems);
  return problems;
}

/** @throws WorkflowValidationError listing every problem of `definition`. */
export function validateDefinition(definition: WorkflowDefinition, actions?: ActionCatalog): void {
  const problems = definitionProblems(definition, actions);
  if (problems.length > 0) throw new WorkflowValidationError(String(definition.workflowId), problems);
}

function checkPositive(problems: string[], where: string, key: string, value: number | undefined): void {
  if (value !== undefined && !(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    problems.push(M.invalidNumber(where, key, 'a number > 0'));
  }
}

function checkPositiveInteger(problems: string[], where: string, key: string, value: number | undefined): void {
  if (value !== undefined && !(Number.isInteger(value) && value > 0)) problems.push(M.invalidNumber(where, key, 'an integer > 0'));
}

/** Each cycle once, as a path that returns to its first step (`a -> b -> a`). Iterative DFS (deep graphs). */
function findCycles(byId: ReadonlyMap<string, WorkflowStep>): string[][] {
  const WHITE = 0;
  const GREY = 1;
  const BLACK = 2;
  const color = new Map<string, number>();
  const cycles: string[][] = [];
  const position = new Map([...byId.keys()].map((id, i) => [id, i]));
  const known = (id: string) => byId.get(id)!.dependsOn.filter((dep) => byId.has(dep));
  for (const root of byId.keys()) {
    if ((color.get(root) ?? WHITE) !== WHITE) continue;
    const path: string[] = [];
    const stack: Array<{ id: string; next: number; deps: string[] }> = [{ id: root, next: 0, deps: known(root) }];
    color.set(root, GREY);
    path.push(root);
    while (stack.length > 0) {
      const frame = stack[stack.length - 1];
      if (frame.next < frame.deps.length) {
        const dep = frame.deps[frame.next++];
        const state = color.get(dep) ?? WHITE;
        if (state === WHITE) {
          color.set(dep, GREY);
          path.push(dep);
          stack.push({ id: dep, next: 0, deps: known(dep) });
        } else if (state === GREY) {
          // path runs from dependents to dependencies; name it in execution order (dependency first).
          const cycle = path.slice(path.indexOf(dep)).reverse();
          const first = cycle.reduce((best, id, i) => (position.get(id)! < position.get(cycle[best])! ? i : best), 0);
          const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
          cycles.push([...rotated, rotated[0]]);
        }
      } else {
        color.set(frame.id, BLACK);
        path.pop();
        stack.pop();
      }
    }
  }
  return cycles;
}

function checkReferences(byId: ReadonlyMap<string, WorkflowStep>, problems: string[]): void {
  const referencing: Array<[WorkflowStep, string[]]> = [];
  for (const step of byId.values()) {
    const references = listReferences(step.params);
    if (typeof step.condition === 'string') listReferences(step.condition, references);
    if (references.some((reference) => referencedStep(reference) !== undefined)) referencing.push([step, references]);
  }
  if (referencing.length === 0) return;
  const ancestors = new Map<string, Set<string>>();
  // NOTE: steps in or after a cycle are not in the order; their references are not judged (the cycle is reported).
  for (const id of topologicalOrder(byId)) {
    const set = new Set<string>();
    for (const dep of byId.get(id)!.dependsOn) {
      if (!byId.has(dep)) continue;
      set.add(dep);
      for (const ancestor of ancestors.get(dep) ?? []) set.add(ancestor);
    }
    ancestors.set(id, set);
  }
  for (const [step, references] of referencing) {
    const reachable = ancestors.get(step.stepId);
    if (!reachable) continue;
    for (const reference of references) {
      const target = referencedStep(reference);
      if (target !== undefined && !reachable.has(target)) problems.push(M.nonDependencyReference(step.stepId, reference, target));
    }
  }
}

/** Kahn's order over known dependencies (the graph has no cycle when this is called). */
function topologicalOrder(byId: ReadonlyMap<string, WorkflowStep>): string[] {
  const remaining = new Map<string, number>();
  const dependents = new Map<string, string[]>();
  for (const step of byId.values()) {
    const deps = step.dependsOn.filter((dep) => byId.has(dep));
    remaining.set(step.stepId, deps.length);
    for (const dep of deps) {
      const list = dependents.get(dep);
      if (list) list.push(step.stepId);
      else dependents.set(dep, [step.stepId]);
    }
  }
  const order = [...byId.keys()].filter((id) => remaining.get(id) === 0);
  for (let i = 0; i < order.length; i++) {
    for (const next of dependents.get(order[i]) ?? []) {
      const left = remaining.get(next)! - 1;
      remaining.set(next, left);
      if (left === 0) order.push(next);
    }
  }
  return order;
}
