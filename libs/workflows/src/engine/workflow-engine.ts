import type { Queue, TaskRegistry } from '@acb/queues';
import type { LoggerService } from '@nestjs/common';
import type { RetryOptions } from '@acb/common';
import type { WorkflowActionFn, WorkflowActionResolver } from '../interfaces/workflow-action.interface';
import type { WorkflowEventSink } from '../interfaces/workflow-events.interface';
import type { ListRunsQuery, RunOptions, StartedRun, WorkflowResult } from '../interfaces/workflow-result.interface';
import type { RunSummary, WorkflowStore } from '../interfaces/workflow-store.interface';
import type { WorkflowDefinition, WorkflowDefinitionInit } from '../model/workflow-definition';

/** What every engine's constructor takes (all optional: `new Engine({ maxConcurrentSteps: 5 })` works). */
export interface WorkflowEngineOptions {
  /** Steps of one run running at once (a definition's own value wins). @default 5 */
  maxConcurrentSteps?: number;
  /** Per-attempt step timeout when a step sets none. @default 300000 */
  defaultTimeoutMs?: number;
  /** Retries when a step sets none. @default { maxRetries: 0 } */
  retry?: RetryOptions;
  /** Actions by name: a resolver (the module's registry) or a plain table `{ charge_payment: fn }`. */
  actions?: WorkflowActionResolver | Record<string, WorkflowActionFn>;
  /** @default a MemoryWorkflowStore */
  store?: WorkflowStore;
  /** Where `workflow.*` events go. @default none */
  events?: WorkflowEventSink;
  /** @default new Logger('AcbWorkflows') */
  logger?: LoggerService;
  /** Lease on a run held by this process (durable stores); renewed every third of it. @default 30000 */
  leaseMs?: number;
  /** This process's name in leases. @default `<hostname>:<pid>:<random>` */
  owner?: string;
  /** The 'queue' engine's task queue: steps are enqueued on `queue`, run by the worker of `registry`'s application. */
  queue?: { queue: Queue; registry: TaskRegistry };
  /** The current definition of a workflow id, used when a stored run is resumed (else the stored copy). */
  definitions?: (workflowId: string) => WorkflowDefinition | undefined;
}

/** A definition as an engine accepts it: a WorkflowDefinition or a plain object of the same shape. */
export type DefinitionInput = WorkflowDefinition | WorkflowDefinitionInit;

/**
 * The engine contract (`importWorkflowEngine(name)` returns a class implementing it). Engines run definitions,
 * persist every transition in their store and answer for the runs they know.
 */
export abstract class WorkflowEngine {
  abstract readonly name: string;
  /** Validates `definition` against this engine's actions. @throws WorkflowValidationError listing every problem */
  abstract validate(definition: DefinitionInput): WorkflowDefinition;
  /** The run's final result: at once for a finished run, when it finishes otherwise. */
  abstract wait(runId: string): Promise<WorkflowResult>;
  /** Runs `definition` and resolves with the finished run (COMPLETED, FAILED or CANCELLED). */
  async execute(definition: DefinitionInput, options: RunOptions = {}): Promise<WorkflowResult> {
    return (await this.start(definition, options)).result;
  }
  /** Starts a run and resolves with its id at once; `result` settles when it finishes. */
  abstract start(definition: DefinitionInput, options?: RunOptions): Promise<StartedRun>;
  /** The run as it is now (live runs included). */
  abstract getRun(runId: string): Promise<WorkflowResult | undefined>;
  abstract listRuns(query?: ListRunsQuery): Promise<RunSummary[]>;
  /** Ends the run CANCELLED; its running steps get their AbortSignal. */
  abstract cancel(runId: string): Promise<WorkflowResult>;
  /** Stops starting new steps. */
  abstract pause(runId: string): Promise<void>;
  /** Continues a paused run, or a run left unfinished by a process that died (steps already COMPLETED are not run again). */
  abstract resume(runId: string): Promise<StartedRun>;
  /** Continues a FAILED or CANCELLED run from its unfinished steps (the same run id). */
  abstract retry(runId: string): Promise<StartedRun>;
  /** Resumes every run a dead process left unfinished (durable stores). Returns their ids. */
  abstract recover(): Promise<string[]>;
  /** Stops timers; live runs are not waited for. */
  abstract close(): Promise<void>;
}

/** A class `importWorkflowEngine()` can return. */
export type WorkflowEngineClass = new (options?: WorkflowEngineOptions) => WorkflowEngine;
