import { UnknownWorkflowEngineError } from '../errors/unknown-workflow-engine.error';
import { WorkflowConfigurationError } from '../errors/workflow-configuration.error';
import { WorkflowsMessages } from '../workflows.messages';
import type { WorkflowEngineClass } from './workflow-engine';

/** The built-in engines, loaded on first use. */
const BUILTIN_ENGINES: Readonly<Record<string, () => WorkflowEngineClass>> = Object.freeze({
  basic: () => require('./basic.engine').BasicWorkflowEngine,
  queue: () => require('./queue/queue.engine').QueueWorkflowEngine,
});

/**
 * Name -> engine class: the built-ins plus registered classes. One process-wide instance backs
 * `registerWorkflowEngine` (as `registerAdapter` does); each application resolves through a copy extended with its
 * module's `engines` option, so what one application adds is invisible to another.
 */
export class WorkflowEngineRegistry {
  private readonly registered = new Map<string, WorkflowEngineClass>();

  register(name: string, engineClass: WorkflowEngineClass): void {
    if (typeof engineClass !== 'function' || typeof name !== 'string' || name.length === 0) {
      throw new WorkflowConfigurationError(WorkflowsMessages.invalidEngineClass(String(name)));
    }
    const existing = this.registered.get(name);
    if (Object.hasOwn(BUILTIN_ENGINES, name) || (existing && existing !== engineClass)) {
      throw new WorkflowConfigurationError(WorkflowsMessages.engineNameTaken(name));
    }
    this.registered.set(name, engineClass);
  }

  /** A copy with `additions` on top (per application). */
  extend(additions: Readonly<Record<string, WorkflowEngineClass>> = {}): WorkflowEngineRegistry {
    const copy = new WorkflowEngineRegistry();
    for (const [name, value] of this.registered) copy.registered.set(name, value);
    for (const [name, value] of Object.entries(additions)) {
      if (typeof value !== 'function') throw new WorkflowConfigurationError(WorkflowsMessages.invalidEngineClass(name));
      copy.registered.set(name, value);
    }
    return copy;
  }

  names(): string[] {
    return [...new Set([...Object.keys(BUILTIN_ENGINES), ...this.registered.keys()])];
  }

  /** @throws UnknownWorkflowEngineError listing the valid names. */
  resolve(name: string): WorkflowEngineClass {
    const registered = this.registered.get(name);
    if (registered) return registered;
    if (Object.hasOwn(BUILTIN_ENGINES, name)) return BUILTIN_ENGINES[name]();
    throw new UnknownWorkflowEngineError(name, this.names());
  }
}

/**
 * NOTE: process-wide by design, like `registerAdapter`: a registered name is known to every application of the
 * process; which engine an application uses stays its own choice, and a name cannot be taken twice.
 * Per-application classes go through the module's `engines` option instead.
 */
const processRegistry = new WorkflowEngineRegistry();

/** @internal The registry the module extends per application. */
export function processWorkflowEngineRegistry(): WorkflowEngineRegistry {
  return processRegistry;
}

/** The engine class registered as `name` (ACB's `import_workflow_engine`): `new (importWorkflowEngine('basic'))({ maxConcurrentSteps: 5 })`. */
export function importWorkflowEngine(name: string): WorkflowEngineClass {
  return processRegistry.resolve(name);
}

/** Adds an engine class under `name`. @throws WorkflowConfigurationError when the name is built in or taken by another class. */
export function registerWorkflowEngine(name: string, engineClass: WorkflowEngineClass): void {
  processRegistry.register(name, engineClass);
}

/** Every engine name: built-ins first, then registered ones. */
export function listWorkflowEngines(): string[] {
  return processRegistry.names();
}
