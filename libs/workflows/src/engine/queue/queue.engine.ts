import { computeBackoffDelay } from '@acb/common';
import type { Queue, TaskRegistry } from '@acb/queues';
import { Logger, type LoggerService } from '@nestjs/common';
import { actionsFrom } from '../../actions/action.registry';
import { InvalidRunStateError } from '../../errors/invalid-run-state.error';
import { UnknownRunError } from '../../errors/unknown-run.error';
import { WorkflowCancelledError } from '../../errors/workflow-cancelled.error';
import { WorkflowTimeoutError } from '../../errors/workflow-timeout.error';
import { WorkflowConfigurationError } from '../../errors/workflow-configuration.error';
import type { WorkflowActionResolver } from '../../interfaces/workflow-action.interface';
import type { WorkflowEventSink } from '../../interfaces/workflow-events.interface';
import type { ListRunsQuery, RunOptions, StartedRun, WorkflowErrorInfo, WorkflowResult } from '../../interfaces/workflow-result.interface';
import type { RunRecord, RunSummary, StepRecord, WorkflowStore } from '../../interfaces/workflow-store.interface';
import { WorkflowDefinition } from '../../model/workflow-definition';
import { isFinishedRunState, StepState, WorkflowState } from '../../model/workflow-state';
import { MemoryWorkflowStore } from '../../persistence/memory.store';
import { WORKFLOW_EVENTS } from '../../workflows.constants';
import { WorkflowsMessages } from '../../workflows.messages';
import { errorInfo, errorMessage, toWorkflowResult } from '../run-execution';
import { newRunRecord, planDefaults } from '../run-record';
import { AttemptAbort, invokeStep } from '../step-invoker';
import { compilePlan, serializeDefinition, type PlanDefaults, type PlannedStep, type WorkflowPlan } from '../workflow-plan';
import { WorkflowEngine, type DefinitionInput, type WorkflowEngineOptions } from '../workflow-engine';

/** The task every step runs as. */
export const WORKFLOW_STEP_TASK = 'acb.workflow.step';

interface StepTaskPayload {
  runId: string;
  stepId: string;
}

const UNFINISHED_STEPS: readonly StepRecord['state'][] = [StepState.PENDING, StepState.QUEUED, StepState.RUNNING];
const LIVE_RUN: readonly WorkflowState[] = [WorkflowState.RUNNING, WorkflowState.PAUSED];
const POLL_MS = 25;
const RUN_STATE_CHECK_MS = 500;

/**
 * `queue`: every ready step becomes a task on @acb/queues (memory, Redis/BullMQ or RabbitMQ, as configured); any
 * worker process of the application runs it; its completion makes its dependents ready. State lives in the store
 * (SQL in production) and moves by atomic transitions, so two steps finishing at once on two workers enqueue their
 * shared dependent exactly once, and a step whose worker died is run again when the queue hands its task out again.
 *
 * Every process of the application must know the same actions and definitions (the worker resolves them by name).
 */
export class QueueWorkflowEngine extends WorkflowEngine {
  readonly name: string = 'queue';
  private readonly store: WorkflowStore;
  private readonly actions: WorkflowActionResolver;
  private readonly events: WorkflowEventSink | undefined;
  private readonly logger: LoggerService;
  private readonly queue: Queue;
  private readonly defaults: PlanDefaults;
  private readonly plans = new WeakMap<object, WorkflowPlan>();
  private readonly storedPlans = new Map<string, WorkflowPlan>();
  private readonly waiters = new Map<string, Array<(result: WorkflowResult) => void>>();
  private readonly running = new Map<string, AbortController>();
  private readonly definitions: WorkflowEngineOptions['definitions'];
  private readonly unregister: () => void;
  private closed = false;

  constructor(options: WorkflowEngineOptions = {}) {
    super();
    if (!options.queue) throw new WorkflowConfigurationError(WorkflowsMessages.queueEngineNeedsQueue());
    this.store = options.store ?? new MemoryWorkflowStore();
    this.actions = actionsFrom(options.actions);
    this.events = options.events;
    this.logger = options.logger ?? new Logger('AcbWorkflows');
    this.queue = options.queue.queue;
    this.definitions = options.definitions;
    this.defaults = planDefaults(options);
    this.unregister = registerStepTask(options.queue.registry, (payload, signal) => this.runStep(payload, signal));
  }

  validate(definition: DefinitionInput): WorkflowDefinition {
    return this.plan(definition).definition;
  }

  async start(definition: DefinitionInput, options: RunOptions = {}): Promise<StartedRun> {
    const plan = this.plan(definition);
    const record = newRunRecord(plan, options, serializeDefinition(plan.definition));
    const runId = record.runId;
    const { run, created } = await this.store.createRun(record, 'queue', 0);
    if (!created) return { runId: run.runId, created: false, result: this.wait(run.runId) };
    // NOTE: registered before the first step is enqueued; a run finished elsewhere is still seen by polling.
    const result = this.wait(runId);
    this.emit(WORKFLOW_EVENTS.started, runId, record.workflowId, null, WorkflowState.RUNNING);
    await this.enqueueReady(plan, runId, record.steps);
    return { runId, created: true, result };
  }

  async getRun(runId: string): Promise<WorkflowResult | undefined> {
    const record = await this.store.getRun(runId);
    return record ? toWorkflowResult(record) : undefined;
  }

  listRuns(query: ListRunsQuery = {}): Promise<RunSummary[]> {
    return this.store.listRuns(query);
  }

  /** Resolves when the run finishes: at once when a step handled here finishes it, by polling the store otherwise. */
  async wait(runId: string): Promise<WorkflowResult> {
    let resolveLocal!: (result: WorkflowResult) => void;
    const local = new Promise<WorkflowResult>((resolve) => (resolveLocal = resolve));
    const list = this.waiters.get(runId) ?? [];
    list.push(resolveLocal);
    this.waiters.set(runId, list);
    let done = false;
    const polled = (async () => {
      await Promise.resolve();
      while (!done && !this.closed) {
        const record = await this.store.getRun(runId);
        if (record && isFinishedRunState(record.state)) return toWorkflowResult(record);
        await new Promise((resolve) => setTimeout(resolve, POLL_MS * 4));
      }
      return local;
    })();
    const result = await Promise.race([local, polled]);
    done = true;
    const remaining = (this.waiters.get(runId) ?? []).filter((waiter) => waiter !== resolveLocal);
    if (remaining.length > 0) this.waiters.set(runId, remaining);
    else this.waiters.delete(runId);
    return result;
  }

  async cancel(runId: string): Promise<WorkflowResult> {
    const error = new WorkflowCancelledError(runId);
    await this.finishRun(runId, WorkflowState.CANCELLED, { name: error.name, message: error.message }, error);
    const record = await this.store.getRun(runId);
    if (!record) throw new UnknownRunError(runId);
    return toWorkflowResult(record);
  }

  async pause(runId: string): Promise<void> {
    if (!(await this.store.transitionRun(runId, { state: WorkflowState.PAUSED }, [WorkflowState.RUNNING]))) {
      await this.assertState(runId, 'pause', [WorkflowState.PAUSED]);
      return;
    }
    const record = await this.store.getRun(runId);
    if (record) this.emit(WORKFLOW_EVENTS.paused, runId, record.workflowId, null, WorkflowState.PAUSED);
  }

  async resume(runId: string): Promise<StartedRun> {
    const record = await this.store.getRun(runId);
    if (!record) throw new UnknownRunError(runId);
    if (isFinishedRunState(record.state)) throw new InvalidRunStateError(runId, record.state, 'resume');
    const result = this.wait(runId);
    if (record.state === WorkflowState.PAUSED) await this.store.transitionRun(runId, { state: WorkflowState.RUNNING }, [WorkflowState.PAUSED]);
    this.emit(WORKFLOW_EVENTS.resumed, runId, record.workflowId, null, WorkflowState.RUNNING);
    // NOTE: steps left QUEUED stay with the queue; ready PENDING steps (held back while paused) are enqueued now.
    await this.enqueueReady(this.planFor(record), runId, record.steps);
    return { runId, created: false, result };
  }

  async retry(runId: string): Promise<StartedRun> {
    const record = await this.store.getRun(runId);
    if (!record) throw new UnknownRunError(runId);
    if (record.state !== WorkflowState.FAILED && record.state !== WorkflowState.CANCELLED) throw new InvalidRunStateError(runId, record.state, 'retry');
    for (const step of Object.values(record.steps)) {
      if (step.state === StepState.COMPLETED) continue;
      const reset: StepRecord = { stepId: step.stepId, state: StepState.PENDING, attempts: step.attempts };
      await this.store.transitionStep(runId, reset, [step.state]);
      record.steps[step.stepId] = reset;
    }
    const result = this.wait(runId);
    await this.store.transitionRun(runId, { state: WorkflowState.RUNNING, error: null, finishedAt: null }, [record.state]);
    this.emit(WORKFLOW_EVENTS.resumed, runId, record.workflowId, null, WorkflowState.RUNNING);
    await this.enqueueReady(this.planFor(record), runId, record.steps);
    return { runId, created: false, result };
  }

  /** Nothing to do at start: the queue hands the tasks of a dead worker out again. */
  async recover(): Promise<string[]> {
    return [];
  }

  async close(): Promise<void> {
    this.closed = true;
    this.unregister();
    for (const controller of this.running.values()) controller.abort(new Error(WorkflowsMessages.engineClosed('(queue engine)')));
    this.running.clear();
  }

  /** The task handler: runs one step of one run (any process of the application may). */
  private async runStep({ runId, stepId }: StepTaskPayload, taskSignal: AbortSignal): Promise<void> {
    const record = await this.store.getRun(runId);
    if (!record) return;
    const plan = this.planFor(record);
    const planned = plan.byId.get(stepId);
    const step = record.steps[stepId];
    if (!planned || !step) return;
    if (isFinishedRunState(record.state)) return;
    if (step.state === StepState.COMPLETED) {
      // NOTE: a task handed out again after its worker died between storing the completion and scheduling what
      // follows: do that part now (the PENDING -> QUEUED transitions keep each dependent enqueued once).
      await this.scheduleDependents(plan, record, planned);
      await this.afterStep(plan, runId);
      return;
    }
    if (!UNFINISHED_STEPS.includes(step.state)) return;
    if (await this.timedOut(plan, record)) return;
    if (record.state === WorkflowState.PAUSED) {
      // Held back: `resume` enqueues it again.
      await this.store.transitionStep(runId, { ...step, state: StepState.PENDING }, [StepState.QUEUED]);
      return;
    }
    const outputs: Record<string, unknown> = {};
    for (const other of Object.values(record.steps)) if (other.state === StepState.COMPLETED) outputs[other.stepId] = other.output;
    const scope = { input: record.input, outputs };
    let params: unknown;
    try {
      if (planned.condition && !planned.condition(scope)) {
        if (await this.store.transitionStep(runId, { ...step, state: StepState.SKIPPED, finishedAt: new Date() }, [StepState.QUEUED, StepState.RUNNING])) {
          this.emit(WORKFLOW_EVENTS.stepSkipped, runId, record.workflowId, stepId, StepState.SKIPPED);
          await this.skipDependents(plan, runId, record.workflowId, planned);
        }
        await this.afterStep(plan, runId);
        return;
      }
      params = planned.params(scope);
    } catch (error) {
      await this.failStep(plan, record, planned, { ...step, startedAt: new Date() }, error);
      return;
    }

    const key = `${runId}\u0000${stepId}`;
    const controller = new AbortController();
    const abort = () => controller.abort(taskSignal.reason);
    taskSignal.addEventListener('abort', abort, { once: true });
    this.running.set(key, controller);
    const watch = setInterval(() => void this.abortIfRunEnded(plan, runId, controller), RUN_STATE_CHECK_MS);
    try {
      let current: StepRecord = { ...step, state: StepState.RUNNING, startedAt: new Date(), error: undefined };
      for (let attempt = 1; ; attempt++) {
        current = { ...current, attempts: current.attempts + 1 };
        if (!(await this.store.transitionStep(runId, current, [StepState.QUEUED, StepState.RUNNING]))) return;
        this.emit(WORKFLOW_EVENTS.stepStarted, runId, record.workflowId, stepId, StepState.RUNNING, attempt);
        const attemptAbort = new AttemptAbort();
        const forward = () => attemptAbort.abort(controller.signal.reason);
        controller.signal.addEventListener('abort', forward, { once: true });
        try {
          const output = await invokeStep({
            actions: this.actions,
            logger: this.logger,
            runId,
            workflowId: record.workflowId,
            step: planned.step,
            timeoutMs: planned.timeoutMs,
            params,
            attempt,
            input: record.input,
            outputs,
            abort: attemptAbort,
          });
          const completed: StepRecord = { ...current, state: StepState.COMPLETED, output, finishedAt: new Date() };
          const stored = await this.store.transitionStep(runId, completed, [StepState.RUNNING]);
          if (stored) this.emit(WORKFLOW_EVENTS.stepCompleted, runId, record.workflowId, stepId, StepState.COMPLETED, attempt);
          // NOTE: one read after our own completion was stored serves both decisions: of two steps finishing at
          // once, at least one sees both completions (so their join is enqueued, and the run completed, once).
          const fresh = await this.store.getRun(runId);
          if (stored && fresh) await this.scheduleDependents(plan, fresh, planned);
          await this.afterStep(plan, runId, fresh);
          return;
        } catch (error) {
          if (controller.signal.aborted) return;
          if (attempt > planned.maxRetries) {
            await this.failStep(plan, record, planned, current, error);
            return;
          }
          await new Promise((resolve) => setTimeout(resolve, computeBackoffDelay(planned.backoff, attempt)));
        } finally {
          controller.signal.removeEventListener('abort', forward);
        }
      }
    } finally {
      clearInterval(watch);
      taskSignal.removeEventListener('abort', abort);
      this.running.delete(key);
    }
  }

  private async failStep(plan: WorkflowPlan, record: RunRecord, planned: PlannedStep, step: StepRecord, error: unknown): Promise<void> {
    const { runId, workflowId } = record;
    const info = errorInfo(error);
    const failed: StepRecord = { ...step, state: StepState.FAILED, error: info, finishedAt: new Date() };
    if (!(await this.store.transitionStep(runId, failed, [StepState.QUEUED, StepState.RUNNING]))) return;
    this.emit(WORKFLOW_EVENTS.stepFailed, runId, workflowId, planned.step.stepId, StepState.FAILED, failed.attempts, info);
    if (planned.step.optional) {
      await this.skipDependents(plan, runId, workflowId, planned);
      await this.afterStep(plan, runId);
      return;
    }
    await this.finishRun(runId, WorkflowState.FAILED, { ...info, stepId: planned.step.stepId }, error);
  }

  /** Enqueues each dependent of `planned` whose dependencies all completed; the PENDING -> QUEUED transition makes it once. */
  private async scheduleDependents(plan: WorkflowPlan, fresh: RunRecord, planned: PlannedStep): Promise<void> {
    if (fresh.state !== WorkflowState.RUNNING) return;
    for (const index of planned.dependents) {
      const dependent = plan.steps[index];
      if (dependent.dependencies.every((dep) => fresh.steps[plan.steps[dep].step.stepId]?.state === StepState.COMPLETED)) {
        await this.enqueueStep(fresh.runId, fresh.steps[dependent.step.stepId]);
      }
    }
  }

  /** Enqueues every PENDING step whose dependencies completed (start, resume, retry). */
  private async enqueueReady(plan: WorkflowPlan, runId: string, steps: Record<string, StepRecord>): Promise<void> {
    let enqueued = 0;
    for (const planned of plan.steps) {
      const step = steps[planned.step.stepId];
      if (step.state !== StepState.PENDING) continue;
      if (planned.dependencies.every((dep) => steps[plan.steps[dep].step.stepId]?.state === StepState.COMPLETED)) {
        if (await this.enqueueStep(runId, step)) enqueued++;
      }
    }
    // A run with nothing left to enqueue may already be complete (a resumed run whose last steps finished).
    if (enqueued === 0) await this.afterStep(plan, runId);
  }

  /** PENDING -> QUEUED, then the task; false when another process made that transition first. */
  private async enqueueStep(runId: string, step: StepRecord): Promise<boolean> {
    if (!(await this.store.transitionStep(runId, { ...step, state: StepState.QUEUED }, [StepState.PENDING]))) return false;
    const payload: StepTaskPayload = { runId, stepId: step.stepId };
    await this.queue.enqueue(WORKFLOW_STEP_TASK, payload);
    return true;
  }

  private async skipDependents(plan: WorkflowPlan, runId: string, workflowId: string, planned: PlannedStep): Promise<void> {
    const stack = [...planned.dependents];
    while (stack.length > 0) {
      const next = plan.steps[stack.pop()!];
      const skipped: StepRecord = { stepId: next.step.stepId, state: StepState.SKIPPED, attempts: 0, finishedAt: new Date() };
      if (await this.store.transitionStep(runId, skipped, [StepState.PENDING])) {
        this.emit(WORKFLOW_EVENTS.stepSkipped, runId, workflowId, next.step.stepId, StepState.SKIPPED);
        stack.push(...next.dependents);
      }
    }
  }

  /** Completes the run (once) when no step is left to run. */
  private async afterStep(plan: WorkflowPlan, runId: string, read?: RunRecord): Promise<void> {
    const fresh = read ?? (await this.store.getRun(runId));
    if (!fresh || fresh.state !== WorkflowState.RUNNING) return;
    if (plan.steps.some((planned) => UNFINISHED_STEPS.includes(fresh.steps[planned.step.stepId]?.state ?? StepState.PENDING))) return;
    await this.finishRun(runId, WorkflowState.COMPLETED);
  }

  private async finishRun(runId: string, state: WorkflowState, error?: WorkflowErrorInfo, cause?: unknown): Promise<void> {
    if (!(await this.store.transitionRun(runId, { state, error: error ?? null, finishedAt: new Date() }, LIVE_RUN))) {
      if (state === WorkflowState.CANCELLED) await this.assertState(runId, 'cancel', []);
      return;
    }
    const record = await this.store.getRun(runId);
    if (!record) return;
    for (const step of Object.values(record.steps)) {
      if (step.state === StepState.PENDING || step.state === StepState.QUEUED) {
        const skipped: StepRecord = { ...step, state: StepState.SKIPPED, finishedAt: new Date() };
        if (await this.store.transitionStep(runId, skipped, [StepState.PENDING, StepState.QUEUED])) {
          this.emit(WORKFLOW_EVENTS.stepSkipped, runId, record.workflowId, step.stepId, StepState.SKIPPED);
        }
      } else if (step.state === StepState.RUNNING) {
        // Its worker (here or elsewhere) is aborted; a redelivered task finds it CANCELLED and does nothing.
        await this.store.transitionStep(runId, { ...step, state: StepState.CANCELLED, finishedAt: new Date() }, [StepState.RUNNING]);
      }
    }
    for (const [key, controller] of this.running) if (key.startsWith(`${runId}\u0000`)) controller.abort(cause ?? new WorkflowCancelledError(runId));
    const event = state === WorkflowState.COMPLETED ? WORKFLOW_EVENTS.completed : state === WorkflowState.FAILED ? WORKFLOW_EVENTS.failed : WORKFLOW_EVENTS.cancelled;
    this.emit(event, runId, record.workflowId, null, state, undefined, error);
    const finished = await this.store.getRun(runId);
    const waiters = this.waiters.get(runId);
    this.waiters.delete(runId);
    if (finished) for (const resolve of waiters ?? []) resolve(toWorkflowResult(finished));
  }

  /**
   * The run's own timeout (definition `timeoutMs`, from its start), checked when a step starts and while steps run:
   * an expired run fails with WorkflowTimeoutError.
   */
  private async timedOut(plan: WorkflowPlan, record: RunRecord): Promise<boolean> {
    const timeoutMs = plan.definition.timeoutMs;
    if (timeoutMs === undefined || Date.now() < record.startedAt.getTime() + timeoutMs) return false;
    const error = new WorkflowTimeoutError(record.workflowId, timeoutMs);
    await this.finishRun(record.runId, WorkflowState.FAILED, { name: error.name, message: error.message }, error);
    return true;
  }

  /** Steps running on this worker stop when the run ended elsewhere (failed, cancelled on another process) or timed out. */
  private async abortIfRunEnded(plan: WorkflowPlan, runId: string, controller: AbortController): Promise<void> {
    try {
      const record = await this.store.getRun(runId);
      if (!record) return;
      // NOTE: a timeout ends the run here, and finishRun aborts this process's steps of it.
      if (isFinishedRunState(record.state)) controller.abort(new WorkflowCancelledError(runId));
      else await this.timedOut(plan, record);
    } catch (error) {
      this.logger.warn?.(WorkflowsMessages.storeFailed(runId, errorMessage(error)));
    }
  }

  private async assertState(runId: string, operation: string, allowed: readonly WorkflowState[]): Promise<void> {
    const record = await this.store.getRun(runId);
    if (!record) throw new UnknownRunError(runId);
    if (!allowed.includes(record.state)) throw new InvalidRunStateError(runId, record.state, operation);
  }

  private emit(name: string, runId: string, workflowId: string, stepId: string | null, state: string, attempt?: number, error?: WorkflowErrorInfo): void {
    this.events?.emit(name, { runId, workflowId, stepId, state, ...(attempt !== undefined ? { attempt } : {}), ...(error ? { error } : {}) });
  }

  private plan(definition: DefinitionInput): WorkflowPlan {
    return compilePlan(definition, this.defaults, this.actions, this.plans);
  }

  private planFor(record: RunRecord): WorkflowPlan {
    const current = this.definitions?.(record.workflowId);
    if (current) return this.plan(current);
    const key = `${record.workflowId}\u0000${JSON.stringify(record.definition)}`;
    let plan = this.storedPlans.get(key);
    if (!plan) {
      plan = this.plan(new WorkflowDefinition(record.definition as unknown as ConstructorParameters<typeof WorkflowDefinition>[0]));
      if (this.storedPlans.size > 1000) this.storedPlans.clear();
      this.storedPlans.set(key, plan);
    }
    return plan;
  }
}

function registerStepTask(registry: TaskRegistry, run: (payload: StepTaskPayload, signal: AbortSignal) => Promise<void>): () => void {
  // NOTE: the engine retries a step itself (its own retry policy); queue-level retries would run it twice as often.
  return registry.register<StepTaskPayload>(WORKFLOW_STEP_TASK, (payload, context) => run(payload, context.signal), { maxRetries: 0, timeoutMs: 0 }, 'AcbWorkflows queue engine');
}
