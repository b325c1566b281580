import { Migration } from '@acb/migrations';

/** Tables of the SQL workflow store (SQLite and PostgreSQL): runs with their lease, and one row per step. */
export class CreateWorkflowTables extends Migration {
  readonly version = 'workflows-001';
  readonly description = 'Create acb_workflow_runs and acb_workflow_steps (workflow runs and step transitions)';

  async up(): Promise<void> {
    await this.sql.execute(
      `CREATE TABLE acb_workflow_runs (
        run_id VARCHAR(64) PRIMARY KEY,
        workflow_id VARCHAR(200) NOT NULL,
        definition TEXT NOT NULL,
        input TEXT NOT NULL,
        state VARCHAR(16) NOT NULL,
        error TEXT,
        idempotency_key VARCHAR(200),
        started_at BIGINT NOT NULL,
        finished_at BIGINT,
        lease_owner VARCHAR(200),
        lease_until BIGINT,
        updated_at BIGINT NOT NULL
      )`,
    );
    await this.sql.execute('CREATE UNIQUE INDEX acb_workflow_runs_idempotency ON acb_workflow_runs (workflow_id, idempotency_key)');
    await this.sql.execute('CREATE INDEX acb_workflow_runs_state ON acb_workflow_runs (state, lease_until)');
    await this.sql.execute('CREATE INDEX acb_workflow_runs_workflow ON acb_workflow_runs (workflow_id, started_at)');
    await this.sql.execute(
      `CREATE TABLE acb_workflow_steps (
        run_id VARCHAR(64) NOT NULL,
        step_id VARCHAR(200) NOT NULL,
        state VARCHAR(16) NOT NULL,
        output TEXT,
        error TEXT,
        attempts INTEGER NOT NULL DEFAULT 0,
        started_at BIGINT,
        finished_at BIGINT,
        PRIMARY KEY (run_id, step_id)
      )`,
    );
  }

  override async down(): Promise<void> {
    await this.sql.execute('DROP TABLE acb_workflow_steps');
    await this.sql.execute('DROP TABLE acb_workflow_runs');
  }
}

/**
 * The 'queue' engine's task of each step: `task_id` (the queue task that runs the step) and `queued_at` (when it was
 * enqueued), so a step whose task was never enqueued (its process died in between) or was lost can be found and
 * enqueued again.
 */
export class AddWorkflowStepTasks extends Migration {
  readonly version = 'workflows-002';
  readonly description = 'Add task_id and queued_at to acb_workflow_steps (the queue engine task of each step)';

  async up(): Promise<void> {
    await this.sql.execute('ALTER TABLE acb_workflow_steps ADD COLUMN task_id VARCHAR(200)');
    await this.sql.execute('ALTER TABLE acb_workflow_steps ADD COLUMN queued_at BIGINT');
  }

  override async down(): Promise<void> {
    await this.sql.execute('ALTER TABLE acb_workflow_steps DROP COLUMN queued_at');
    await this.sql.execute('ALTER TABLE acb_workflow_steps DROP COLUMN task_id');
  }
}

/** Every migration of this library, in order: pass them to a MigrationRunner, or let the module contribute them. */
export const WORKFLOW_MIGRATIONS = [CreateWorkflowTables, AddWorkflowStepTasks] as const;
