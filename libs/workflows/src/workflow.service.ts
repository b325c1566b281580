import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DefinitionCatalog } from './definitions/definition.catalog';
import { loadDefinitionsDir } from './definitions/yaml-definitions.loader';
import { WorkflowEngine, type DefinitionInput } from './engine/workflow-engine';
import { WorkflowConfigurationError } from './errors/workflow-configuration.error';
import { WorkflowValidationError } from './errors/workflow-validation.error';
import type { AcbWorkflowsModuleOptions } from './interfaces/workflows-module-options.interface';
import type { ListRunsQuery, RunOptions, StartedRun, WorkflowResult } from './interfaces/workflow-result.interface';
import type { RunSummary } from './interfaces/workflow-store.interface';
import type { WorkflowDefinition } from './model/workflow-definition';
import { ACB_WORKFLOWS_OPTIONS } from './workflows.module-definition';
import { WORKFLOW_ENGINE } from './workflows.tokens';

/** Options of `WorkflowService.execute` / `start` besides the input. */
export type StartOptions = Omit<RunOptions, 'input'>;

/**
 * Registers definitions and runs them by id on the application's engine (ACB's `WorkflowService`).
 *
 * @example
 * const result = await workflows.execute('order-fulfillment', { order_id: 'ORDER-123' });
 * const { runId } = await workflows.start('order-fulfillment', { order_id }, { idempotencyKey: order_id });
 */
@Injectable()
export class WorkflowService implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    @Inject(WORKFLOW_ENGINE) readonly engine: WorkflowEngine,
    private readonly catalog: DefinitionCatalog,
    @Inject(ACB_WORKFLOWS_OPTIONS) private readonly options: AcbWorkflowsModuleOptions,
  ) {}

  /** Validates `definition` and registers it under its workflow id. @throws WorkflowValidationError */
  register(definition: DefinitionInput): WorkflowDefinition {
    const validated = this.engine.validate(definition);
    this.catalog.set(validated);
    return validated;
  }

  /** The registered definitions. */
  definitions(): WorkflowDefinition[] {
    return this.catalog.list();
  }

  /** Runs the registered workflow `workflowId` and resolves with the finished run. @throws UnknownWorkflowError */
  async execute(workflowId: string, input: Record<string, unknown> = {}, options: StartOptions = {}): Promise<WorkflowResult> {
    return (await this.start(workflowId, input, options)).result;
  }

  /** Starts the registered workflow `workflowId`; resolves with the run id at once. */
  start(workflowId: string, input: Record<string, unknown> = {}, options: StartOptions = {}): Promise<StartedRun> {
    return this.engine.start(this.catalog.get(workflowId), { ...options, input });
  }

  getRun(runId: string): Promise<WorkflowResult | undefined> {
    return this.engine.getRun(runId);
  }

  /** The run's final result (waits while it runs). */
  wait(runId: string): Promise<WorkflowResult> {
    return this.engine.wait(runId);
  }

  listRuns(query: ListRunsQuery = {}): Promise<RunSummary[]> {
    return this.engine.listRuns(query);
  }

  cancel(runId: string): Promise<WorkflowResult> {
    return this.engine.cancel(runId);
  }

  pause(runId: string): Promise<void> {
    return this.engine.pause(runId);
  }

  resume(runId: string): Promise<StartedRun> {
    return this.engine.resume(runId);
  }

  retry(runId: string): Promise<StartedRun> {
    return this.engine.retry(runId);
  }

  /**
   * Registers the definitions of the options and of `definitionsDir` (every problem of every definition in one
   * error), then resumes interrupted runs when recovery is on.
   */
  async onApplicationBootstrap(): Promise<void> {
    const sources: Array<[string, DefinitionInput]> = (this.options.definitions ?? []).map((definition) => ['options.definitions', definition]);
    if (this.options.definitionsDir) {
      for (const definition of loadDefinitionsDir(this.options.definitionsDir)) sources.push([this.options.definitionsDir, definition]);
    }
    const problems: string[] = [];
    for (const [source, definition] of sources) {
      try {
        this.register(definition);
      } catch (error) {
        if (!(error instanceof WorkflowValidationError)) throw error;
        problems.push(`${error.message} (from ${source})`);
      }
    }
    if (problems.length > 0) throw new WorkflowConfigurationError(problems.join('\n'));
    // NOTE: the engine logs what it recovers.
    if (this.options.recovery ?? this.options.persistence === 'sql') await this.engine.recover();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.engine.close();
  }
}
