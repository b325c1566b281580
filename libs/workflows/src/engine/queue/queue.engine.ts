import { randomUUID } from 'node:crypto';
import { computeBackoffDelay } from '@acb/common';
import type { Queue, TaskRegistry, TaskStatus } from '@acb/queues';
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
import { DEFAULT_LEASE_MS, WORKFLOW_EVENTS } from '../../workflows.constants';
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
/** The lease owner of every run of this engine (the queue holds its work, not a process). */
const QUEUE_OWNER = 'queue';
/** Task statuses that mean the step's task is still to run or running. */
const LIVE_TASK: ReadonlySet<TaskStatus> = new Set<TaskStatus>(['pending', 'delayed', 'active', 'failed', 'unknown']);
/** Runs one sweep checks. */
const SWEEP_BATCH = 100;

/**
 * `queue`: every ready step becomes a task on @acb/queues (memory, Redis/BullMQ or RabbitMQ, as configured); any
 * worker process of the application runs it; its completion makes its dependents ready. State lives in the store
 * (SQL in production) and moves by atomic transitions, so two steps finishing at once on two workers enqueue their
 * shared dependent exactly once, and a step whose worker died is run again when the queue hands its task out again.
 *
 * Each queueing of a step is one task, whose id is stored with the step (`taskId`) in the same transition that makes it
 * QUEUED; the first of a QUEUED step's tasks to arrive runs it, and a RUNNING step is run again only by its own. A
 * process that dies between that transition and the enqueue leaves a step without a task: the redelivered task of the
 * step it was finishing enqueues it again, and a sweep (every third of `leaseMs`, started by `recover()`) re-enqueues
 * the steps of runs left unchanged for `leaseMs` whose task is missing or finished (see the README, "The queue
 * engine's sweep").
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
  private readonly leaseMs: number;
  private sweepTimer: NodeJS.Timeout | undefined;
  private sweeping: Promise<string[]> | undefined;
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
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.unregister = registerStepTask(options.queue.registry, (payload, taskId, signal) => this.runStep(payload, taskId, signal));
  }

  validate(definition: DefinitionInput): WorkflowDefinition {
    return this.plan(definition).definition;
  }

  async start(definition: DefinitionInput, options: RunOptions = {}): Promise<StartedRun> {
    const plan = this.plan(definition);
    const record = newRunRecord(plan, options, serializeDefinition(plan.definition));
    const runId = record.runId;
    const { run, created } = await this.store.createRun(record, QUEUE_OWNER, 0);
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

  /**
   * The tasks of a dead worker come back from the queue; what a dead process left without a task is found by the
   * sweep this starts: now, then every third of `leaseMs`. Returns the runs whose steps it enqueued again.
   */
  async recover(): Promise<string[]> {
    if (!this.store.claimStalledRuns) {
      this.logger.warn?.(WorkflowsMessages.sweepUnsupported(this.store.constructor.name));
      return [];
    }
    if (!this.sweepTimer && !this.closed) {
      this.sweepTimer = setInterval(() => void this.sweep(), Math.max(10, Math.floor(this.leaseMs / 3)));
      this.sweepTimer.unref();
    }
    return this.sweep();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    await this.sweeping;
    this.unregister();
    for (const controller of this.running.values()) controller.abort(new Error(WorkflowsMessages.engineClosed('(queue engine)')));
    this.running.clear();
  }

  /** The task handler: runs one step of one run (any process of the application may). */
  private async runStep({ runId, stepId }: StepTaskPayload, taskId: string, taskSignal: AbortSignal): Promise<void> {
    const record = await this.store.getRun(runId);
    if (!record) return;
    const plan = this.planFor(record);
    const planned = plan.byId.get(stepId);
    // NOTE: a copy: the memory store's records are live, and the transitions below must be from the state read here.
    const step: StepRecord | undefined = record.steps[stepId] && { ...record.steps[stepId] };
    if (!planned || !step) return;
    if (isFinishedRunState(record.state)) return;
    if (step.state === StepState.COMPLETED) {
      // NOTE: a task handed out again after its worker died between storing the completion and scheduling what
      // follows: do that part now (the PENDING -> QUEUED transitions keep each dependent enqueued once), and give a
      // dependent it stored QUEUED without enqueueing its task one.
      await this.scheduleDependents(plan, record, planned);
      for (const index of planned.dependents) {
        const dependent = record.steps[plan.steps[index].step.stepId];
        if (dependent?.state === StepState.QUEUED) await this.ensureTask(runId, dependent);
      }
      await this.afterStep(plan, runId);
      return;
    }
    // A PENDING step is not ready to run (held back by a pause, or reset by `retry`): it runs once it is queued again.
    if (step.state !== StepState.QUEUED && step.state !== StepState.RUNNING) return;
    // A RUNNING step is its own task's: only that task, handed out again after its worker died, runs it again. Any task
    // of a QUEUED step may take it (the first to arrive; see ensureTask): a step given a second task runs once.
    if (step.state === StepState.RUNNING && step.taskId !== undefined && step.taskId !== taskId) return;
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
      let current: StepRecord = { ...step, state: StepState.RUNNING, taskId, startedAt: new Date(), error: undefined };
      // NOTE: the first attempt moves the step on from the state read above only (of two tasks of one QUEUED step, one
      // takes it); later attempts from RUNNING.
      let from: readonly StepState[] = [step.state];
      for (let attempt = 1; ; attempt++) {
        current = { ...current, attempts: current.attempts + 1 };
        if (!(await this.store.transitionStep(runId, current, from))) return;
        from = [StepState.RUNNING];
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

  /** Enqueues every PENDING step whose dependencies completed (start, resume, retry); returns how many. */
  private async enqueueReady(plan: WorkflowPlan, runId: string, steps: Record<string, StepRecord>): Promise<number> {
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
    return enqueued;
  }

  /** PENDING -> QUEUED with a new task id, then that task; false when another process made that transition first. */
  private enqueueStep(runId: string, step: StepRecord): Promise<boolean> {
    return this.queueTask(runId, step, [StepState.PENDING]);
  }

  /** Stores the step QUEUED with a new task id (only from `from`), then enqueues the task of that id. */
  private async queueTask(runId: string, step: StepRecord, from: readonly StepState[]): Promise<boolean> {
    const queued: StepRecord = { ...step, state: StepState.QUEUED, taskId: randomUUID(), queuedAt: new Date() };
    if (!(await this.store.transitionStep(runId, queued, from))) return false;
    const payload: StepTaskPayload = { runId, stepId: step.stepId };
    await this.queue.enqueue(WORKFLOW_STEP_TASK, payload, { jobId: queued.taskId });
    return true;
  }

  /**
   * Gives a QUEUED or RUNNING step a task again when its task is gone: a QUEUED step whose task the queue does not know
   * (its process died before enqueueing it) or finished; a RUNNING one whose task finished without finishing it (a
   * RUNNING step's task unknown here may be running in another process, so it is left alone). Should the old task
   * still exist (a queue whose other processes' tasks this one cannot see), whichever of the two arrives first runs
   * the step and the other finds it taken.
   */
  private async ensureTask(runId: string, step: StepRecord): Promise<boolean> {
    // NOTE: a copy: the memory store's records are live, and the transition below must be from the state seen here.
    const seen = { ...step };
    if (seen.taskId === undefined) return false;
    const task = await this.queue.getTask(seen.taskId);
    if (task ? LIVE_TASK.has(task.status) : seen.state === StepState.RUNNING) return false;
    return this.queueTask(runId, seen, [seen.state]);
  }

  /** One sweep (never two at once): the runs of this engine left unchanged for `leaseMs`, repaired. */
  private sweep(): Promise<string[]> {
    if (this.closed) return Promise.resolve([]);
    this.sweeping ??= this.sweepRuns().finally(() => (this.sweeping = undefined));
    return this.sweeping;
  }

  private async sweepRuns(): Promise<string[]> {
    const repaired: string[] = [];
    let runIds: string[];
    try {
      runIds = await this.store.claimStalledRuns!(QUEUE_OWNER, new Date(Date.now() - this.leaseMs), SWEEP_BATCH);
    } catch (error) {
      this.logger.warn?.(WorkflowsMessages.storeFailed('(queue engine sweep)', errorMessage(error)));
      return repaired;
    }
    for (const runId of runIds) {
      if (this.closed) break;
      try {
        if (await this.repairRun(runId)) repaired.push(runId);
      } catch (error) {
        this.logger.warn?.(WorkflowsMessages.recoveryFailed(runId, errorMessage(error)));
      }
    }
    if (repaired.length > 0) this.logger.log(WorkflowsMessages.stalledRunsRepaired(repaired.length));
    return repaired;
  }

  /**
   * A run the sweep claimed: each step QUEUED or RUNNING for `leaseMs` gets its task back if it lost it (ensureTask),
   * and a RUNNING run's ready steps still PENDING (its process died between the start, resume or retry and the
   * enqueues) are enqueued. Every change is an atomic transition, so a sweep racing live workers changes nothing twice.
   */
  private async repairRun(runId: string): Promise<boolean> {
    const record = await this.store.getRun(runId);
    if (!record || isFinishedRunState(record.state)) return false;
    const cutoff = Date.now() - this.leaseMs;
    let repaired = false;
    for (const step of Object.values(record.steps)) {
      const since = step.state === StepState.QUEUED ? step.queuedAt : step.state === StepState.RUNNING ? step.startedAt : undefined;
      if (since === undefined || since.getTime() > cutoff) continue;
      if (await this.ensureTask(runId, step)) repaired = true;
    }
    if (record.state === WorkflowState.RUNNING && (await this.enqueueReady(this.planFor(record), runId, record.steps)) > 0) repaired = true;
    return repaired;
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

function registerStepTask(registry: TaskRegistry, run: (payload: StepTaskPayload, taskId: string, signal: AbortSignal) => Promise<void>): () => void {
  // NOTE: the engine retries a step itself (its own retry policy); queue-level retries would run it twice as often.
  return registry.register<StepTaskPayload>(
    WORKFLOW_STEP_TASK,
    (payload, context) => run(payload, context.taskId, context.signal),
    { maxRetries: 0, timeoutMs: 0 },
    'AcbWorkflows queue engine',
  );
}
