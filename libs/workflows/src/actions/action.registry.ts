import { UnknownActionError } from '../errors/unknown-action.error';
import { WorkflowConfigurationError } from '../errors/workflow-configuration.error';
import type { WorkflowActionFn, WorkflowActionResolver } from '../interfaces/workflow-action.interface';
import { WorkflowsMessages } from '../workflows.messages';

/** Finds a registered service by name (the services layer's registry, wired in by AcbModule). */
export type ServiceLocator = (name: string) => object | undefined;

/**
 * The actions of one application: @WorkflowAction methods found at start, functions registered by hand, the built-in
 * `command` when enabled, and `'service.method'` names resolved through the service locator when one is wired in.
 */
export class ActionRegistry implements WorkflowActionResolver {
  private readonly actions = new Map<string, { fn: WorkflowActionFn; source: string }>();

  constructor(private readonly services?: ServiceLocator) {}

  /** Adds an action. @throws WorkflowConfigurationError when the name is taken by another function. */
  register(name: string, fn: WorkflowActionFn, source = name): void {
    const existing = this.actions.get(name);
    if (existing && existing.fn !== fn) throw new WorkflowConfigurationError(WorkflowsMessages.duplicateAction(name, existing.source, source));
    this.actions.set(name, { fn, source });
  }

  has(action: string): boolean {
    if (this.actions.has(action)) return true;
    const target = this.serviceMethod(action);
    return target !== undefined;
  }

  names(): string[] {
    return [...this.actions.keys()];
  }

  resolve(action: string): WorkflowActionFn {
    const registered = this.actions.get(action);
    if (registered) return registered.fn;
    const target = this.serviceMethod(action);
    if (target) return target;
    const dot = action.lastIndexOf('.');
    if (dot > 0 && !this.services) throw new UnknownActionError(action, WorkflowsMessages.noServiceLocator(action));
    if (dot > 0) throw new UnknownActionError(action, WorkflowsMessages.unknownService(action.slice(0, dot), action.slice(dot + 1)));
    throw new UnknownActionError(action, WorkflowsMessages.unknownActionAtRun(action, this.names()));
  }

  private serviceMethod(action: string): WorkflowActionFn | undefined {
    const dot = action.lastIndexOf('.');
    if (dot <= 0 || dot === action.length - 1 || !this.services) return undefined;
    let service: object | undefined;
    try {
      service = this.services(action.slice(0, dot));
    } catch {
      return undefined;
    }
    const method = service ? (service as Record<string, unknown>)[action.slice(dot + 1)] : undefined;
    if (typeof method !== 'function') return undefined;
    return (params, context) => (method as WorkflowActionFn).call(service, params, context);
  }
}

/** Wraps a plain `{ name: fn }` table (standalone engines) as a resolver. */
export function actionsFrom(table: WorkflowActionResolver | Record<string, WorkflowActionFn> | undefined): WorkflowActionResolver {
  if (table && typeof (table as WorkflowActionResolver).resolve === 'function' && typeof (table as WorkflowActionResolver).has === 'function') {
    return table as WorkflowActionResolver;
  }
  const registry = new ActionRegistry();
  for (const [name, fn] of Object.entries((table ?? {}) as Record<string, WorkflowActionFn>)) registry.register(name, fn);
  return registry;
}
