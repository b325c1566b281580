import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Logger, type LoggerService } from '@nestjs/common';
import { actionsFrom } from '../actions/action.registry';
import { InvalidRunStateError } from '../errors/invalid-run-state.error';
import { RunOwnedElsewhereError } from '../errors/run-owned-elsewhere.error';
import { UnknownRunError } from '../errors/unknown-run.error';
import type { WorkflowActionResolver } from '../interfaces/workflow-action.interface';
import type { WorkflowEventSink } from '../interfaces/workflow-events.interface';
import type { ListRunsQuery, RunOptions, StartedRun, WorkflowResult } from '../interfaces/workflow-result.interface';
import type { RunRecord, RunSummary, WorkflowStore } from '../interfaces/workflow-store.interface';
import { WorkflowDefinition } from '../model/workflow-definition';
import { isFinishedRunState, WorkflowState } from '../model/workflow-state';
import { MemoryWorkflowStore } from '../persistence/memory.store';
import { DEFAULT_LEASE_MS } from '../workflows.constants';
import { WorkflowsMessages } from '../workflows.messages';
import { newRunRecord, planDefaults } from './run-record';
import { errorMessage, RunExecution, toWorkflowResult, type ExecutionHost } from './run-execution';
import { compilePlan, serializeDefinition, type PlanDefaults, type WorkflowPlan } from './workflow-plan';
import { WorkflowEngine, type DefinitionInput, type WorkflowEngineOptions } from './workflow-engine';

const POLL_MS = 100;

/**
 * `basic`: runs every step in this process (ACB's `import_workflow_engine("basic")`).
 *
 * @example
 * const Engine = importWorkflowEngine('basic');
 * const engine = new Engine({ maxConcurrentSteps: 5, actions: { validate_order: async (p) => ({ ok: true }) } });
 * const result = await engine.execute(workflow, { input: { order_id: 'ORDER-123' } });
 */
export class BasicWorkflowEngine extends WorkflowEngine implements ExecutionHost {
  readonly name: string = 'basic';
  readonly store: WorkflowStore;
  readonly actions: WorkflowActionResolver;
  readonly events: WorkflowEventSink | undefined;
  readonly logger: LoggerService;
  readonly owner: string;
  private readonly leaseMs: number;
  private readonly defaults: PlanDefaults;
  private readonly plans = new WeakMap<object, WorkflowPlan>();
  private readonly active = new Map<string, RunExecution>();
  private leaseTimer: NodeJS.Timeout | undefined;
  private readonly definitions: WorkflowEngineOptions['definitions'];

  constructor(options: WorkflowEngineOptions = {}) {
    super();
    this.store = options.store ?? new MemoryWorkflowStore();
    this.actions = actionsFrom(options.actions);
    this.events = options.events;
    this.logger = options.logger ?? new Logger('AcbWorkflows');
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.owner = options.owner ?? `${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.definitions = options.definitions;
    this.defaults = planDefaults(options);
  }

  /** Validates `definition` against this engine's actions. @throws WorkflowValidationError listing every problem. */
  validate(definition: DefinitionInput): WorkflowDefinition {
    return this.plan(definition).definition;
  }

  async start(definition: DefinitionInput, options: RunOptions = {}): Promise<StartedRun> {
    const plan = this.plan(definition);
    // NOTE: a memory store keeps the definition object itself (function conditions included).
    const definitionJson = this.store.durable ? serializeDefinition(plan.definition) : (plan.definition as unknown as Record<string, unknown>);
    const record = newRunRecord(plan, options, definitionJson);
    const runId = record.runId;
    const { run, created } = await this.store.createRun(record, this.owner, this.leaseMs);
    if (!created) return { runId: run.runId, created: false, result: this.wait(run.runId) };
    this.launch(plan, run, 'start');
    return { runId, created: true, result: this.active.get(runId)?.result ?? this.wait(runId) };
  }

  async getRun(runId: string): Promise<WorkflowResult | undefined> {
    const live = this.active.get(runId);
    if (live) return live.snapshot();
    const record = await this.store.getRun(runId);
    return record ? toWorkflowResult(record) : undefined;
  }

  listRuns(query: ListRunsQuery = {}): Promise<RunSummary[]> {
    return this.store.listRuns(query);
  }

  /** The run's final result: at once for a finished run, when it finishes otherwise (polling the store for runs elsewhere). */
  async wait(runId: string): Promise<WorkflowResult> {
    for (;;) {
      const live = this.active.get(runId);
      if (live) return live.result;
      const record = await this.store.getRun(runId);
      if (!record) throw new UnknownRunError(runId);
      if (isFinishedRunState(record.state)) return toWorkflowResult(record);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  async cancel(runId: string): Promise<WorkflowResult> {
    const live = this.active.get(runId);
    if (live) {
      live.cancel();
      return live.result;
    }
    const record = await this.takeOver(runId, 'cancel');
    const execution = new RunExecution(this, this.planFor(record), record);
    this.active.set(runId, execution);
    execution.begin('load');
    execution.cancel();
    return execution.result;
  }

  async pause(runId: string): Promise<void> {
    const live = this.active.get(runId);
    if (live) {
      if (live.record.state !== WorkflowState.RUNNING && live.record.state !== WorkflowState.PAUSED) {
        throw new InvalidRunStateError(runId, live.record.state, 'pause');
      }
      live.pause();
      return;
    }
    const record = await this.takeOver(runId, 'pause');
    await this.store.updateRun(runId, { state: WorkflowState.PAUSED });
    record.state = WorkflowState.PAUSED;
  }

  async resume(runId: string): Promise<StartedRun> {
    const live = this.active.get(runId);
    if (live) {
      live.resume();
      return { runId, created: false, result: live.result };
    }
    const record = await this.takeOver(runId, 'resume');
    record.state = WorkflowState.RUNNING;
    this.launch(this.planFor(record), record, 'resume');
    return { runId, created: false, result: this.active.get(runId)?.result ?? this.wait(runId) };
  }

  async retry(runId: string): Promise<StartedRun> {
    if (this.active.has(runId)) throw new InvalidRunStateError(runId, this.active.get(runId)!.record.state, 'retry');
    const record = await this.store.getRun(runId);
    if (!record) throw new UnknownRunError(runId);
    if (record.state !== WorkflowState.FAILED && record.state !== WorkflowState.CANCELLED) throw new InvalidRunStateError(runId, record.state, 'retry');
    await this.store.claimRun(runId, this.owner, this.leaseMs, true);
    record.state = WorkflowState.RUNNING;
    this.launch(this.planFor(record), record, 'resume');
    return { runId, created: false, result: this.active.get(runId)?.result ?? this.wait(runId) };
  }

  async recover(): Promise<string[]> {
    const runIds = await this.store.findInterrupted();
    if (runIds.length > 0) this.logger.log(WorkflowsMessages.recovered(runIds.length));
    const recovered: string[] = [];
    for (const runId of runIds) {
      try {
        await this.resume(runId);
        recovered.push(runId);
      } catch (error) {
        this.logger.warn?.(WorkflowsMessages.recoveryFailed(runId, errorMessage(error)));
      }
    }
    return recovered;
  }

  /**
   * Stops lease renewal and abandons the runs of this process: their running steps are aborted and nothing more is
   * recorded, so a durable run stays RUNNING and another process recovers it once the lease expired.
   */
  async close(): Promise<void> {
    if (this.leaseTimer) clearInterval(this.leaseTimer);
    this.leaseTimer = undefined;
    for (const execution of this.active.values()) execution.abandon();
    this.active.clear();
  }

  /** @internal ExecutionHost: a run finished. */
  settled(execution: RunExecution): void {
    if (this.active.get(execution.runId) === execution) this.active.delete(execution.runId);
    if (this.active.size === 0 && this.leaseTimer) {
      clearInterval(this.leaseTimer);
      this.leaseTimer = undefined;
    }
  }

  private launch(plan: WorkflowPlan, record: RunRecord, mode: 'start' | 'resume'): void {
    const execution = new RunExecution(this, plan, record);
    this.active.set(record.runId, execution);
    if (this.store.durable && !this.leaseTimer) {
      this.leaseTimer = setInterval(() => void this.renewLeases(), Math.max(10, Math.floor(this.leaseMs / 3)));
      this.leaseTimer.unref();
    }
    execution.begin(mode);
  }

  private async renewLeases(): Promise<void> {
    if (this.active.size === 0) return;
    try {
      await this.store.renewLeases(this.owner, [...this.active.keys()], this.leaseMs);
    } catch (error) {
      this.logger.warn?.(WorkflowsMessages.storeFailed('(lease renewal)', errorMessage(error)));
    }
  }

  /** Loads an unfinished run this process does not run and takes its lease (expired, or ours). */
  private async takeOver(runId: string, operation: string): Promise<RunRecord> {
    const record = await this.store.getRun(runId);
    if (!record) throw new UnknownRunError(runId);
    if (isFinishedRunState(record.state)) throw new InvalidRunStateError(runId, record.state, operation);
    const claim = await this.store.claimRun(runId, this.owner, this.leaseMs);
    if (!claim.claimed) throw new RunOwnedElsewhereError(runId, claim.owner ?? 'another process', claim.until ?? new Date());
    return record;
  }

  private plan(definition: DefinitionInput): WorkflowPlan {
    return compilePlan(definition, this.defaults, this.actions, this.plans);
  }

  /** The plan of a stored run: the current definition of its workflow id when known, else the copy stored with it. */
  private planFor(record: RunRecord): WorkflowPlan {
    const current = this.definitions?.(record.workflowId);
    if (current) return this.plan(current);
    return this.plan(WorkflowDefinition.from(record.definition as unknown as WorkflowDefinition));
  }
}
