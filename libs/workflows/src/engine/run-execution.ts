import type { LoggerService } from '@nestjs/common';
import { WorkflowCancelledError } from '../errors/workflow-cancelled.error';
import { WorkflowTimeoutError } from '../errors/workflow-timeout.error';
import type { WorkflowActionResolver } from '../interfaces/workflow-action.interface';
import type { WorkflowEventSink } from '../interfaces/workflow-events.interface';
import type { StepResult, WorkflowErrorInfo, WorkflowResult } from '../interfaces/workflow-result.interface';
import type { RunRecord, StepRecord, WorkflowStore } from '../interfaces/workflow-store.interface';
import { StepState, WorkflowState } from '../model/workflow-state';
import { WORKFLOW_EVENTS } from '../workflows.constants';
import { WorkflowsMessages } from '../workflows.messages';
import { computeBackoffDelay } from '@acb/common';
import type { InterpolationScope } from './interpolation';
import { AttemptAbort, invokeStep } from './step-invoker';
import type { PlannedStep, WorkflowPlan } from './workflow-plan';

/** What a run needs from the engine running it. */
export interface ExecutionHost {
  readonly store: WorkflowStore;
  readonly actions: WorkflowActionResolver;
  readonly events: WorkflowEventSink | undefined;
  readonly logger: LoggerService;
  /** Called once when the run reaches COMPLETED, FAILED or CANCELLED. */
  settled(execution: RunExecution): void;
}

interface StepRuntime {
  planned: PlannedStep;
  record: StepRecord;
  /** Dependencies not COMPLETED yet. */
  remaining: number;
  abort: AttemptAbort | undefined;
  /** Wakes a retry back-off early when the run ends. */
  wake: (() => void) | undefined;
  /** Bumped when the step is abandoned, so a late completion is ignored. */
  generation: number;
  /** The pending store write of the RUNNING record (see scheduleRunningWrite). */
  runningWrite: NodeJS.Timeout | undefined;
}

/** How long an attempt runs before its RUNNING record is stored (durable stores). */
export const RUNNING_WRITE_DELAY_MS = 10;

const FINISHED_STEP: ReadonlySet<string> = new Set([StepState.COMPLETED, StepState.FAILED, StepState.SKIPPED, StepState.CANCELLED]);

/**
 * One run of a plan in this process: schedules each step as soon as its own dependencies completed (no waves), at most
 * `maxConcurrentSteps` at once; retries, times out, skips and fails steps; persists every transition through the store
 * (in order, a step's completion before its dependents start) and emits the `workflow.*` events.
 */
export class RunExecution {
  readonly result: Promise<WorkflowResult>;
  private resolveResult!: (result: WorkflowResult) => void;
  private readonly runtimes: StepRuntime[];
  private ready: number[] = [];
  private head = 0;
  private running = 0;
  private settledSteps = 0;
  private finished = false;
  private runTimer: NodeJS.Timeout | undefined;
  /** Run-level writes, in order. */
  private writes: Promise<void> = Promise.resolve();
  /** Step writes in flight (the result waits for them). */
  private readonly stepWrites = new Set<Promise<void>>();
  private readonly outputs: Record<string, unknown> = {};
  private readonly scope: InterpolationScope;

  constructor(
    private readonly host: ExecutionHost,
    private readonly plan: WorkflowPlan,
    readonly record: RunRecord,
  ) {
    this.result = new Promise((resolve) => (this.resolveResult = resolve));
    this.scope = { input: record.input, outputs: this.outputs };
    this.runtimes = plan.steps.map((planned) => {
      let stepRecord = record.steps[planned.step.stepId];
      if (!stepRecord) {
        stepRecord = { stepId: planned.step.stepId, state: StepState.PENDING, attempts: 0 };
        record.steps[planned.step.stepId] = stepRecord;
      }
      return { planned, record: stepRecord, remaining: 0, abort: undefined, wake: undefined, generation: 0, runningWrite: undefined };
    });
  }

  get runId(): string {
    return this.record.runId;
  }

  /**
   * Starts (or continues) the run. Steps COMPLETED in the record keep their outputs and are not run again; every
   * other step is run (again). `start` emits `workflow.started`, `resume` `workflow.resumed`; `load` only loads the
   * run (to cancel it).
   */
  begin(mode: 'start' | 'resume' | 'load'): void {
    const record = this.record;
    for (const runtime of this.runtimes) {
      const step = runtime.record;
      if (step.state === StepState.COMPLETED) {
        this.outputs[step.stepId] = step.output;
        this.settledSteps++;
      } else if (step.state !== StepState.PENDING) {
        step.state = StepState.PENDING;
        step.error = undefined;
        step.finishedAt = undefined;
      }
    }
    for (const runtime of this.runtimes) {
      if (runtime.record.state !== StepState.PENDING) continue;
      for (const dependency of runtime.planned.dependencies) {
        if (this.runtimes[dependency].record.state !== StepState.COMPLETED) runtime.remaining++;
      }
      if (runtime.remaining === 0) this.ready.push(runtime.planned.index);
    }
    if (mode === 'load') return;
    const paused = record.state === WorkflowState.PAUSED;
    if (!paused) record.state = WorkflowState.RUNNING;
    record.error = undefined;
    record.finishedAt = undefined;
    if (mode === 'resume') this.persistRun();
    this.emitRun(mode === 'start' ? WORKFLOW_EVENTS.started : WORKFLOW_EVENTS.resumed);
    const timeoutMs = this.plan.definition.timeoutMs;
    if (timeoutMs !== undefined) {
      const left = record.startedAt.getTime() + timeoutMs - Date.now();
      this.runTimer = setTimeout(() => this.onRunTimeout(timeoutMs), Math.max(0, left));
    }
    this.pump();
    this.checkDone();
  }

  /** Stops starting new steps; running ones finish. */
  pause(): void {
    if (this.finished || this.record.state !== WorkflowState.RUNNING) return;
    this.record.state = WorkflowState.PAUSED;
    this.persistRun();
    this.emitRun(WORKFLOW_EVENTS.paused);
  }

  /** Continues a paused run. */
  resume(): void {
    if (this.finished || this.record.state !== WorkflowState.PAUSED) return;
    this.record.state = WorkflowState.RUNNING;
    this.persistRun();
    this.emitRun(WORKFLOW_EVENTS.resumed);
    this.pump();
    this.checkDone();
  }

  /** Ends the run CANCELLED: running steps are aborted, pending ones skipped. */
  cancel(): void {
    const error = new WorkflowCancelledError(this.record.runId);
    this.finish(WorkflowState.CANCELLED, { name: error.name, message: error.message }, error);
  }

  /**
   * Stops the run in this process without recording anything (engine shutdown): running steps are aborted, timers
   * cleared; with a durable store the run stays RUNNING and is recovered by the next process whose lease check finds it.
   */
  abandon(): void {
    if (this.finished) return;
    this.finished = true;
    if (this.runTimer) clearTimeout(this.runTimer);
    for (const runtime of this.runtimes) {
      if (runtime.record.state !== StepState.RUNNING) continue;
      runtime.generation++;
      this.cancelRunningWrite(runtime);
      runtime.abort?.abort(new Error(WorkflowsMessages.engineClosed(this.record.runId)));
      runtime.wake?.();
    }
  }

  /** The run as a result (a copy). */
  snapshot(): WorkflowResult {
    return toWorkflowResult(this.record);
  }

  private pump(): void {
    const max = this.plan.maxConcurrentSteps;
    while (!this.finished && this.record.state === WorkflowState.RUNNING && this.running < max && this.head < this.ready.length) {
      const runtime = this.runtimes[this.ready[this.head++]];
      if (runtime.record.state === StepState.PENDING) this.startStep(runtime);
    }
    if (this.head > 1024 && this.head * 2 > this.ready.length) {
      this.ready = this.ready.slice(this.head);
      this.head = 0;
    }
  }

  private startStep(runtime: StepRuntime): void {
    const { planned } = runtime;
    let params: unknown;
    try {
      if (planned.condition && !planned.condition(this.scope)) {
        this.skip(runtime);
        this.skipDependents(runtime);
        return;
      }
      params = planned.params(this.scope);
    } catch (error) {
      // NOTE: a missing reference fails the step at once: retrying cannot make the value appear.
      this.running++;
      runtime.record.startedAt = new Date();
      void this.failStep(runtime, error);
      return;
    }
    this.running++;
    runtime.record.state = StepState.RUNNING;
    runtime.record.startedAt = new Date();
    void this.runAttempts(runtime, params);
  }

  private async runAttempts(runtime: StepRuntime, params: unknown): Promise<void> {
    const generation = runtime.generation;
    const { planned } = runtime;
    for (let attempt = 1; ; attempt++) {
      runtime.record.attempts++;
      this.scheduleRunningWrite(runtime);
      this.emitStep(WORKFLOW_EVENTS.stepStarted, runtime, attempt);
      try {
        const output = await this.invoke(runtime, params, attempt);
        if (this.finished || runtime.generation !== generation) return;
        await this.completeStep(runtime, output);
        return;
      } catch (error) {
        if (this.finished || runtime.generation !== generation) return;
        if (attempt > planned.maxRetries) {
          await this.failStep(runtime, error);
          return;
        }
        this.host.logger.warn?.({
          msg: WorkflowsMessages.stepFailed(planned.step.stepId, attempt, errorMessage(error)),
          workflowRunId: this.record.runId,
          workflowId: this.record.workflowId,
          stepId: planned.step.stepId,
          attempt,
        });
        await this.backoff(runtime, computeBackoffDelay(planned.backoff, attempt));
        if (this.finished || runtime.generation !== generation) return;
      }
    }
  }

  private invoke(runtime: StepRuntime, params: unknown, attempt: number): unknown {
    const abort = new AttemptAbort();
    runtime.abort = abort;
    const { runId, workflowId, input } = this.record;
    const { step, timeoutMs } = runtime.planned;
    return invokeStep({ actions: this.host.actions, logger: this.host.logger, runId, workflowId, step, timeoutMs, params, attempt, input, outputs: this.outputs, abort });
  }

  private backoff(runtime: StepRuntime, delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, delayMs);
      function done() {
        clearTimeout(timer);
        runtime.wake = undefined;
        resolve();
      }
      runtime.wake = done;
    });
  }

  private async completeStep(runtime: StepRuntime, output: unknown): Promise<void> {
    const step = runtime.record;
    runtime.abort = undefined;
    this.cancelRunningWrite(runtime);
    step.state = StepState.COMPLETED;
    step.output = output;
    step.finishedAt = new Date();
    this.outputs[step.stepId] = output;
    // NOTE: durable order: the completion is stored before any dependent starts; the step keeps its slot until then.
    const saved = this.saveStep(runtime);
    if (saved) await saved;
    this.running--;
    this.settledSteps++;
    if (this.finished) return;
    this.emitStep(WORKFLOW_EVENTS.stepCompleted, runtime, step.attempts);
    for (const dependent of runtime.planned.dependents) {
      const next = this.runtimes[dependent];
      if (--next.remaining === 0 && next.record.state === StepState.PENDING) this.ready.push(dependent);
    }
    this.pump();
    this.checkDone();
  }

  private async failStep(runtime: StepRuntime, error: unknown): Promise<void> {
    const step = runtime.record;
    runtime.abort = undefined;
    this.cancelRunningWrite(runtime);
    step.state = StepState.FAILED;
    step.error = errorInfo(error);
    step.finishedAt = new Date();
    const saved = this.saveStep(runtime);
    if (saved) await saved;
    this.running--;
    this.settledSteps++;
    if (this.finished) return;
    this.emitStep(WORKFLOW_EVENTS.stepFailed, runtime, step.attempts, step.error);
    if (runtime.planned.step.optional) {
      this.skipDependents(runtime);
      this.pump();
      this.checkDone();
      return;
    }
    this.finish(WorkflowState.FAILED, { ...step.error, stepId: step.stepId }, error);
  }

  private skip(runtime: StepRuntime): void {
    runtime.record.state = StepState.SKIPPED;
    runtime.record.finishedAt = new Date();
    this.settledSteps++;
    this.saveStep(runtime);
    this.emitStep(WORKFLOW_EVENTS.stepSkipped, runtime, runtime.record.attempts);
  }

  /** Every step downstream of `runtime` that has not started ends SKIPPED: it can never have its inputs. */
  private skipDependents(runtime: StepRuntime): void {
    const stack = [...runtime.planned.dependents];
    while (stack.length > 0) {
      const next = this.runtimes[stack.pop()!];
      if (next.record.state !== StepState.PENDING) continue;
      this.skip(next);
      for (const dependent of next.planned.dependents) stack.push(dependent);
    }
  }

  private checkDone(): void {
    if (!this.finished && this.running === 0 && this.settledSteps === this.runtimes.length) this.finish(WorkflowState.COMPLETED);
  }

  private onRunTimeout(timeoutMs: number): void {
    const error = new WorkflowTimeoutError(this.record.workflowId, timeoutMs);
    this.finish(WorkflowState.FAILED, { name: error.name, message: error.message }, error);
  }

  private finish(state: WorkflowState, error?: WorkflowErrorInfo, cause?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    if (this.runTimer) clearTimeout(this.runTimer);
    const now = new Date();
    for (const runtime of this.runtimes) {
      const step = runtime.record;
      if (step.state === StepState.RUNNING) {
        runtime.generation++;
        this.cancelRunningWrite(runtime);
        runtime.abort?.abort(cause ?? new WorkflowCancelledError(this.record.runId));
        runtime.abort = undefined;
        runtime.wake?.();
        step.state = StepState.CANCELLED;
        step.finishedAt = now;
        this.saveStep(runtime);
      } else if (!FINISHED_STEP.has(step.state)) {
        this.skip(runtime);
      }
    }
    const record = this.record;
    record.state = state;
    record.error = error;
    record.finishedAt = now;
    this.persistRun();
    const event = state === WorkflowState.COMPLETED ? WORKFLOW_EVENTS.completed : state === WorkflowState.FAILED ? WORKFLOW_EVENTS.failed : WORKFLOW_EVENTS.cancelled;
    void Promise.all([this.writes, ...this.stepWrites]).then(() => {
      this.emitRun(event);
      this.host.settled(this);
      this.resolveResult(toWorkflowResult(record));
    });
  }

  /**
   * A step's RUNNING record is stored RUNNING_WRITE_DELAY_MS after the attempt starts, unless the attempt ended
   * first: then its outcome (with the attempt counted) is the only write. Half the writes of a durable run of fast
   * steps; a process that dies before the delay leaves the step PENDING, and it runs again, as it would anyway.
   */
  private scheduleRunningWrite(runtime: StepRuntime): void {
    if (this.host.store.sharesRecords) return;
    this.cancelRunningWrite(runtime);
    runtime.runningWrite = setTimeout(() => {
      runtime.runningWrite = undefined;
      void this.saveStep(runtime);
    }, RUNNING_WRITE_DELAY_MS);
  }

  private cancelRunningWrite(runtime: StepRuntime): void {
    if (runtime.runningWrite === undefined) return;
    clearTimeout(runtime.runningWrite);
    runtime.runningWrite = undefined;
  }

  /**
   * Stores the step's record as it is now. Step writes are not queued behind one another: a store keeps a step's
   * record moving forward only (attempts, then RUNNING before its outcome), so they may land in any order, and the
   * engine awaits just the ones that must land first (a completion, before its dependents start).
   */
  private saveStep(runtime: StepRuntime): Promise<void> | undefined {
    const store = this.host.store;
    // NOTE: a store that keeps the engine's own records (memory) already holds every transition.
    if (store.sharesRecords) return undefined;
    const runId = this.record.runId;
    const step = store.durable ? { ...runtime.record } : runtime.record;
    const write = store.saveStep(runId, step).catch((error: unknown) => {
      this.host.logger.error(WorkflowsMessages.storeFailed(runId, errorMessage(error)));
    });
    this.stepWrites.add(write);
    void write.then(() => this.stepWrites.delete(write));
    return write;
  }

  private persistRun(): void {
    const { runId, state, error, finishedAt } = this.record;
    const store = this.host.store;
    if (store.sharesRecords) return;
    void this.enqueueWrite(() => store.updateRun(runId, { state, error: error ?? null, finishedAt: finishedAt ?? null }));
  }

  private enqueueWrite(write: () => Promise<void>): Promise<void> {
    const next = this.writes.then(write).catch((error: unknown) => {
      this.host.logger.error(WorkflowsMessages.storeFailed(this.record.runId, errorMessage(error)));
    });
    this.writes = next;
    return next;
  }

  private emitRun(name: string): void {
    const events = this.host.events;
    if (!events) return;
    const { runId, workflowId, state, error } = this.record;
    events.emit(name, { runId, workflowId, stepId: null, state, ...(error ? { error } : {}) });
  }

  private emitStep(name: string, runtime: StepRuntime, attempt: number, error?: WorkflowErrorInfo): void {
    const events = this.host.events;
    if (!events) return;
    const { runId, workflowId } = this.record;
    events.emit(name, { runId, workflowId, stepId: runtime.record.stepId, state: runtime.record.state, attempt, ...(error ? { error } : {}) });
  }
}

/** A stored or live run as a WorkflowResult (copies, so later transitions do not change it). */
export function toWorkflowResult(record: RunRecord): WorkflowResult {
  const stepResults: Record<string, StepResult> = {};
  const outputs: Record<string, unknown> = {};
  for (const [stepId, step] of Object.entries(record.steps)) {
    stepResults[stepId] = { ...step };
    if (step.state === StepState.COMPLETED) outputs[stepId] = step.output;
  }
  return {
    runId: record.runId,
    workflowId: record.workflowId,
    state: record.state,
    input: record.input,
    stepResults,
    outputs,
    ...(record.error ? { error: record.error } : {}),
    startedAt: record.startedAt,
    ...(record.finishedAt ? { finishedAt: record.finishedAt } : {}),
  };
}

export function errorInfo(error: unknown): WorkflowErrorInfo {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: errorMessage(error) };
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
