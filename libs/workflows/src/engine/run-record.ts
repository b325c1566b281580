import { randomUUID } from 'node:crypto';
import type { RunOptions } from '../interfaces/workflow-result.interface';
import type { RunRecord, StepRecord } from '../interfaces/workflow-store.interface';
import { StepState, WorkflowState } from '../model/workflow-state';
import { DEFAULT_MAX_CONCURRENT_STEPS, DEFAULT_MAX_RETRIES, DEFAULT_STEP_TIMEOUT_MS } from '../workflows.constants';
import type { WorkflowEngineOptions } from './workflow-engine';
import type { PlanDefaults, WorkflowPlan } from './workflow-plan';

/** The defaults plans are compiled with, from an engine's options. */
export function planDefaults(options: WorkflowEngineOptions): PlanDefaults {
  return {
    maxConcurrentSteps: options.maxConcurrentSteps ?? DEFAULT_MAX_CONCURRENT_STEPS,
    timeoutMs: options.defaultTimeoutMs ?? DEFAULT_STEP_TIMEOUT_MS,
    retry: { maxRetries: options.retry?.maxRetries ?? DEFAULT_MAX_RETRIES, backoff: options.retry?.backoff },
  };
}

/** A new RUNNING run of `plan` with every step PENDING. */
export function newRunRecord(plan: WorkflowPlan, options: RunOptions, definition: Record<string, unknown>): RunRecord {
  const steps: Record<string, StepRecord> = {};
  for (const planned of plan.steps) steps[planned.step.stepId] = { stepId: planned.step.stepId, state: StepState.PENDING, attempts: 0 };
  return {
    runId: options.runId ?? randomUUID(),
    workflowId: plan.definition.workflowId,
    definition,
    input: options.input ?? {},
    state: WorkflowState.RUNNING,
    ...(options.idempotencyKey !== undefined ? { idempotencyKey: options.idempotencyKey } : {}),
    startedAt: new Date(),
    steps,
  };
}
