import type { SqlAdapter } from '@acb/adapters';
import type { ListRunsQuery, WorkflowErrorInfo } from '../interfaces/workflow-result.interface';
import type { RunRecord, RunSummary, StepRecord, WorkflowStore } from '../interfaces/workflow-store.interface';
import { WorkflowConfigurationError } from '../errors/workflow-configuration.error';
import { StepState, type WorkflowState } from '../model/workflow-state';
import { WorkflowsMessages } from '../workflows.messages';

const STEP_COLUMNS = 'run_id, step_id, state, output, error, attempts, started_at, finished_at, task_id, queued_at';
const STEP_PLACEHOLDERS = '?, ?, ?, ?, ?, ?, ?, ?, ?, ?';
const STEP_UPDATE =
  'state = excluded.state, output = excluded.output, error = excluded.error, attempts = excluded.attempts, ' +
  'started_at = excluded.started_at, finished_at = excluded.finished_at, task_id = excluded.task_id, queued_at = excluded.queued_at';

interface RunRow {
  run_id: string;
  workflow_id: string;
  definition: string;
  input: string;
  state: WorkflowState;
  error: string | null;
  idempotency_key: string | null;
  started_at: number | string;
  finished_at: number | string | null;
  lease_owner: string | null;
  lease_until: number | string | null;
}

interface StepRow {
  step_id: string;
  state: StepRecord['state'];
  output: string | null;
  error: string | null;
  attempts: number;
  started_at: number | string | null;
  finished_at: number | string | null;
  task_id: string | null;
  queued_at: number | string | null;
}

const RUN_COLUMNS = 'run_id, workflow_id, state, error, idempotency_key, started_at, finished_at';

/**
 * Runs and step transitions in SQL through the sql adapter of @acb/adapters (SQLite or PostgreSQL), in the tables of
 * this library's migrations (`CreateWorkflowTables`). Timestamps are epoch milliseconds; params, outputs and errors
 * JSON text. Each run carries a lease (`lease_owner`, `lease_until`) so start-up recovery takes only runs whose
 * process stopped renewing it.
 */
export class SqlWorkflowStore implements WorkflowStore {
  readonly durable = true;

  constructor(private readonly sql: SqlAdapter) {}

  async createRun(run: RunRecord, owner: string, leaseMs: number): Promise<{ run: RunRecord; created: boolean }> {
    const now = Date.now();
    const { affected } = await this.write(
      `INSERT INTO acb_workflow_runs (run_id, workflow_id, definition, input, state, error, idempotency_key, started_at, finished_at, lease_owner, lease_until, updated_at)
       VALUES (?, ?, ?, ?, ?, NULL, ?, ?, NULL, ?, ?, ?) ON CONFLICT DO NOTHING`,
      [
        run.runId,
        run.workflowId,
        JSON.stringify(run.definition),
        JSON.stringify(run.input),
        run.state,
        run.idempotencyKey ?? null,
        run.startedAt.getTime(),
        owner,
        now + leaseMs,
        now,
      ],
    );
    if (affected === 1) return { run, created: true };
    const existing =
      run.idempotencyKey !== undefined
        ? await this.sql.fetchOne<{ run_id: string }>('SELECT run_id FROM acb_workflow_runs WHERE workflow_id = ? AND idempotency_key = ?', [
            run.workflowId,
            run.idempotencyKey,
          ])
        : undefined;
    const found = await this.getRun(existing?.run_id ?? run.runId);
    if (!found) throw new Error(`workflow run ${run.runId} could not be stored`);
    return { run: found, created: false };
  }

  /** A write whose failure on missing tables or columns says to apply the migrations. */
  private async write(sql: string, params: unknown[]): Promise<{ affected: number }> {
    try {
      return await this.sql.execute(sql, params);
    } catch (error) {
      throw explainMissingTables(error);
    }
  }

  async updateRun(runId: string, patch: { state: WorkflowState; error?: WorkflowErrorInfo | null; finishedAt?: Date | null }): Promise<void> {
    const now = Date.now();
    if (patch.error === undefined && patch.finishedAt === undefined) {
      await this.sql.execute('UPDATE acb_workflow_runs SET state = ?, updated_at = ? WHERE run_id = ?', [patch.state, now, runId]);
      return;
    }
    await this.sql.execute('UPDATE acb_workflow_runs SET state = ?, error = ?, finished_at = ?, updated_at = ? WHERE run_id = ?', [
      patch.state,
      patch.error ? JSON.stringify(patch.error) : null,
      patch.finishedAt ? patch.finishedAt.getTime() : null,
      now,
      runId,
    ]);
  }

  async saveStep(runId: string, step: StepRecord): Promise<void> {
    // NOTE: stepRank in SQL: the stored record is replaced only by one that ranks at least as high.
    await this.write(
      `INSERT INTO acb_workflow_steps (${STEP_COLUMNS}) VALUES (${STEP_PLACEHOLDERS}) ON CONFLICT (run_id, step_id) DO UPDATE SET ${STEP_UPDATE}
       WHERE ${rankSql('acb_workflow_steps')} <= ${rankSql('excluded')}`,
      stepValues(runId, step),
    );
  }

  async transitionStep(runId: string, step: StepRecord, from: readonly StepState[]): Promise<boolean> {
    const states = from.map(() => '?').join(', ');
    if (from.includes(StepState.PENDING)) {
      // NOTE: a step without a row is PENDING: the upsert inserts it, or updates it only from an allowed state.
      const { affected } = await this.write(
        `INSERT INTO acb_workflow_steps (${STEP_COLUMNS}) VALUES (${STEP_PLACEHOLDERS})
         ON CONFLICT (run_id, step_id) DO UPDATE SET ${STEP_UPDATE} WHERE acb_workflow_steps.state IN (${states})`,
        [...stepValues(runId, step), ...from],
      );
      return affected === 1;
    }
    const [, , ...values] = stepValues(runId, step);
    const { affected } = await this.write(
      `UPDATE acb_workflow_steps SET state = ?, output = ?, error = ?, attempts = ?, started_at = ?, finished_at = ?, task_id = ?, queued_at = ?
       WHERE run_id = ? AND step_id = ? AND state IN (${states})`,
      [...values, runId, step.stepId, ...from],
    );
    return affected === 1;
  }

  async transitionRun(
    runId: string,
    patch: { state: WorkflowState; error?: WorkflowErrorInfo | null; finishedAt?: Date | null },
    from: readonly WorkflowState[],
  ): Promise<boolean> {
    const { affected } = await this.sql.execute(
      `UPDATE acb_workflow_runs SET state = ?, error = ?, finished_at = ?, updated_at = ? WHERE run_id = ? AND state IN (${from.map(() => '?').join(', ')})`,
      [patch.state, patch.error ? JSON.stringify(patch.error) : null, patch.finishedAt ? patch.finishedAt.getTime() : null, Date.now(), runId, ...from],
    );
    return affected === 1;
  }

  async getRun(runId: string): Promise<RunRecord | undefined> {
    const row = await this.sql.fetchOne<RunRow>('SELECT * FROM acb_workflow_runs WHERE run_id = ?', [runId]);
    if (!row) return undefined;
    const stepRows = await this.sql
      .fetchAll<StepRow>('SELECT step_id, state, output, error, attempts, started_at, finished_at, task_id, queued_at FROM acb_workflow_steps WHERE run_id = ?', [
        runId,
      ])
      .catch((error: unknown) => Promise.reject(explainMissingTables(error)));
    const definition = JSON.parse(row.definition) as { steps?: Array<{ stepId: string }> };
    const steps: Record<string, StepRecord> = {};
    for (const step of definition.steps ?? []) steps[step.stepId] = { stepId: step.stepId, state: StepState.PENDING, attempts: 0 };
    for (const step of stepRows) {
      steps[step.step_id] = {
        stepId: step.step_id,
        state: step.state,
        ...(step.output !== null ? { output: JSON.parse(step.output) as unknown } : {}),
        ...(step.error !== null ? { error: JSON.parse(step.error) as WorkflowErrorInfo } : {}),
        attempts: Number(step.attempts),
        ...(step.started_at !== null ? { startedAt: new Date(Number(step.started_at)) } : {}),
        ...(step.finished_at !== null ? { finishedAt: new Date(Number(step.finished_at)) } : {}),
        ...(step.task_id !== null ? { taskId: step.task_id } : {}),
        ...(step.queued_at !== null ? { queuedAt: new Date(Number(step.queued_at)) } : {}),
      };
    }
    return { ...toSummary(row), definition: definition as Record<string, unknown>, steps };
  }

  async listRuns(query: ListRunsQuery): Promise<RunSummary[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (query.workflowId !== undefined) {
      where.push('workflow_id = ?');
      params.push(query.workflowId);
    }
    if (query.state !== undefined) {
      where.push('state = ?');
      params.push(query.state);
    }
    params.push(Math.max(0, Math.floor(query.limit ?? 100)));
    const rows = await this.sql.fetchAll<RunRow>(
      `SELECT ${RUN_COLUMNS}, input FROM acb_workflow_runs ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY started_at DESC LIMIT ?`,
      params,
    );
    return rows.map(toSummary);
  }

  async claimRun(runId: string, owner: string, leaseMs: number, force = false): Promise<{ claimed: boolean; owner?: string; until?: Date }> {
    const now = Date.now();
    const { affected } = await this.sql.execute(
      `UPDATE acb_workflow_runs SET lease_owner = ?, lease_until = ?, updated_at = ?
       WHERE run_id = ? AND (? = 1 OR lease_owner IS NULL OR lease_owner = ? OR lease_until IS NULL OR lease_until < ?)`,
      [owner, now + leaseMs, now, runId, force ? 1 : 0, owner, now],
    );
    if (affected === 1) return { claimed: true };
    const row = await this.sql.fetchOne<RunRow>('SELECT lease_owner, lease_until FROM acb_workflow_runs WHERE run_id = ?', [runId]);
    return { claimed: false, owner: row?.lease_owner ?? undefined, until: row?.lease_until != null ? new Date(Number(row.lease_until)) : undefined };
  }

  async renewLeases(owner: string, _runIds: readonly string[], leaseMs: number): Promise<void> {
    const now = Date.now();
    await this.sql.execute(
      `UPDATE acb_workflow_runs SET lease_until = ? WHERE lease_owner = ? AND state IN ('RUNNING', 'PENDING', 'PAUSED')`,
      [now + leaseMs, owner],
    );
  }

  async claimStalledRuns(owner: string, olderThan: Date, limit: number): Promise<string[]> {
    const rows = await this.sql.fetchAll<{ run_id: string; updated_at: number | string }>(
      `SELECT run_id, updated_at FROM acb_workflow_runs WHERE lease_owner = ? AND state IN ('RUNNING', 'PAUSED') AND updated_at < ?
       ORDER BY updated_at LIMIT ?`,
      [owner, olderThan.getTime(), Math.max(0, Math.floor(limit))],
    );
    const now = Date.now();
    const claimed: string[] = [];
    for (const row of rows) {
      // NOTE: the same row still untouched: of two processes sweeping at once, one takes each run.
      const { affected } = await this.sql.execute('UPDATE acb_workflow_runs SET updated_at = ? WHERE run_id = ? AND updated_at = ?', [
        now,
        row.run_id,
        Number(row.updated_at),
      ]);
      if (affected === 1) claimed.push(row.run_id);
    }
    return claimed;
  }

  async findInterrupted(): Promise<string[]> {
    const rows = await this.sql.fetchAll<{ run_id: string }>(
      `SELECT run_id FROM acb_workflow_runs WHERE state IN ('RUNNING', 'PENDING') AND (lease_until IS NULL OR lease_until < ?) ORDER BY started_at`,
      [Date.now()],
    );
    return rows.map((row) => row.run_id);
  }
}

function rankSql(table: string): string {
  return `(${table}.attempts * 4 + CASE WHEN ${table}.state IN ('PENDING', 'QUEUED') THEN 0 WHEN ${table}.state = 'RUNNING' THEN 1 ELSE 2 END)`;
}

/** A missing table (migrations not applied) named as such, with what to do. */
function explainMissingTables(error: unknown): unknown {
  const message = error instanceof Error ? error.message : String(error);
  return /no such table|no such column|has no column named|relation .* does not exist|column .* does not exist/i.test(message) ? new WorkflowConfigurationError(WorkflowsMessages.tablesMissing(message)) : error;
}

function stepValues(runId: string, step: StepRecord): unknown[] {
  return [
    runId,
    step.stepId,
    step.state,
    step.output === undefined ? null : JSON.stringify(step.output),
    step.error ? JSON.stringify(step.error) : null,
    step.attempts,
    step.startedAt ? step.startedAt.getTime() : null,
    step.finishedAt ? step.finishedAt.getTime() : null,
    step.taskId ?? null,
    step.queuedAt ? step.queuedAt.getTime() : null,
  ];
}

function toSummary(row: RunRow): RunSummary {
  return {
    runId: row.run_id,
    workflowId: row.workflow_id,
    input: row.input ? (JSON.parse(row.input) as Record<string, unknown>) : {},
    state: row.state,
    ...(row.error ? { error: JSON.parse(row.error) as WorkflowErrorInfo } : {}),
    ...(row.idempotency_key !== null ? { idempotencyKey: row.idempotency_key } : {}),
    startedAt: new Date(Number(row.started_at)),
    ...(row.finished_at !== null && row.finished_at !== undefined ? { finishedAt: new Date(Number(row.finished_at)) } : {}),
  };
}
