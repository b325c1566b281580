import type { RetryOptions } from '@acb/common';
import type { ServiceLocator } from '../actions/action.registry';
import type { DefinitionInput, WorkflowEngineClass } from '../engine/workflow-engine';

/** Options of the built-in `command` action. */
export interface CommandActionOptions {
  /** @default false */
  enabled?: boolean;
  /** Environment variables passed through to programs. @default ['PATH', 'HOME'] */
  envAllow?: string[];
  /** @default 600000 */
  defaultTimeoutMs?: number;
}

/** Options of `AcbWorkflowsModule.forRoot` (or what a `forRootAsync` factory returns). */
export interface AcbWorkflowsModuleOptions {
  /** @default 'basic' */
  engine?: string;
  /** Engine classes known to this application only (beside `registerWorkflowEngine`'s). */
  engines?: Record<string, WorkflowEngineClass>;
  /** @default 5 */
  maxConcurrentSteps?: number;
  /** Per-attempt step timeout. @default 300000 */
  defaultTimeoutMs?: number;
  /** @default { maxRetries: 0 } */
  retry?: RetryOptions;
  /** `sql` stores runs through the sql adapter of @acb/adapters (tables from this library's migrations). @default 'memory' */
  persistence?: 'memory' | 'sql';
  /** Resume runs a dead process left unfinished, at start. @default true with sql persistence */
  recovery?: boolean;
  /** @default 30000 */
  leaseMs?: number;
  /** Definitions registered at start (validated then). */
  definitions?: DefinitionInput[];
  /** A directory of YAML definitions registered at start (a missing directory is fine). */
  definitionsDir?: string;
  /** The built-in `command` action. @default { enabled: false } */
  command?: CommandActionOptions;
  /** Resolves `'service.method'` actions: the service named. AcbModule wires the services registry in. */
  services?: ServiceLocator;
  /** Emit `workflow.*` events through @acb/events' EventPublisher when the application has one. @default true */
  events?: boolean;
}
