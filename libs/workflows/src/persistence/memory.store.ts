import type { ListRunsQuery } from '../interfaces/workflow-result.interface';
import type { RunRecord, RunSummary, StepRecord, WorkflowStore } from '../interfaces/workflow-store.interface';
import type { WorkflowErrorInfo } from '../interfaces/workflow-result.interface';
import { stepRank, type StepState, type WorkflowState } from '../model/workflow-state';

/**
 * Runs in this process's memory: lost on restart, nothing to recover. The default (`persistence: memory`).
 * Records are kept by reference: the engine's own objects, so a transition costs a map write, not a copy.
 */
export class MemoryWorkflowStore implements WorkflowStore {
  readonly durable = false;
  readonly sharesRecords = true;
  private readonly runs = new Map<string, RunRecord>();
  private readonly keys = new Map<string, string>();
  /** Last change of each run (createRun, updateRun, claimStalledRuns), for the queue engine's sweep. */
  private readonly updated = new Map<string, { owner: string; at: number }>();

  async createRun(run: RunRecord, owner = ''): Promise<{ run: RunRecord; created: boolean }> {
    if (run.idempotencyKey !== undefined) {
      const key = `${run.workflowId}\u0000${run.idempotencyKey}`;
      const existing = this.keys.get(key);
      if (existing !== undefined) return { run: this.runs.get(existing)!, created: false };
      this.keys.set(key, run.runId);
    }
    this.runs.set(run.runId, run);
    this.updated.set(run.runId, { owner, at: Date.now() });
    return { run, created: true };
  }

  async updateRun(runId: string, patch: { state: WorkflowState; error?: WorkflowErrorInfo | null; finishedAt?: Date | null }): Promise<void> {
    const run = this.runs.get(runId);
    if (!run) return;
    const updated = this.updated.get(runId);
    if (updated) updated.at = Date.now();
    run.state = patch.state;
    if (patch.error !== undefined) run.error = patch.error ?? undefined;
    if (patch.finishedAt !== undefined) run.finishedAt = patch.finishedAt ?? undefined;
  }

  async saveStep(runId: string, step: StepRecord): Promise<void> {
    const run = this.runs.get(runId);
    const current = run?.steps[step.stepId];
    if (!run || current === step) return;
    if (current && stepRank(current.state, current.attempts) > stepRank(step.state, step.attempts)) return;
    run.steps[step.stepId] = step;
  }

  async transitionStep(runId: string, step: StepRecord, from: readonly StepState[]): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run) return false;
    const current = run.steps[step.stepId];
    if (!from.includes(current?.state ?? 'PENDING')) return false;
    run.steps[step.stepId] = current ? Object.assign(current, step) : step;
    return true;
  }

  async transitionRun(
    runId: string,
    patch: { state: WorkflowState; error?: WorkflowErrorInfo | null; finishedAt?: Date | null },
    from: readonly WorkflowState[],
  ): Promise<boolean> {
    const run = this.runs.get(runId);
    if (!run || !from.includes(run.state)) return false;
    await this.updateRun(runId, patch);
    return true;
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    return this.runs.get(runId);
  }

  async listRuns(query: ListRunsQuery): Promise<RunSummary[]> {
    const limit = query.limit ?? 100;
    const found: RunSummary[] = [];
    const runs = [...this.runs.values()].sort((a, b) => b.startedAt.getTime() - a.startedAt.getTime());
    for (const run of runs) {
      if (found.length >= limit) break;
      if (query.workflowId !== undefined && run.workflowId !== query.workflowId) continue;
      if (query.state !== undefined && run.state !== query.state) continue;
      const { definition: _definition, steps: _steps, ...summary } = run;
      found.push(summary);
    }
    return found;
  }

  async claimRun(): Promise<{ claimed: boolean }> {
    return { claimed: true };
  }

  async renewLeases(): Promise<void> {}

  async findInterrupted(): Promise<string[]> {
    return [];
  }

  async claimStalledRuns(owner: string, olderThan: Date, limit: number): Promise<string[]> {
    const now = Date.now();
    const stalled = [...this.updated]
      .filter(([runId, updated]) => {
        const state = this.runs.get(runId)?.state;
        return updated.owner === owner && updated.at < olderThan.getTime() && (state === 'RUNNING' || state === 'PAUSED');
      })
      .sort(([, a], [, b]) => a.at - b.at)
      .slice(0, Math.max(0, Math.floor(limit)));
    for (const [, updated] of stalled) updated.at = now;
    return stalled.map(([runId]) => runId);
  }
}
