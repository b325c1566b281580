import type { SqlAdapter } from '@acb/adapters';
import { WorkflowConfigurationError } from '../errors/workflow-configuration.error';
import type { WorkflowStore } from '../interfaces/workflow-store.interface';
import type { AcbWorkflowsModuleOptions } from '../interfaces/workflows-module-options.interface';
import { WorkflowsMessages } from '../workflows.messages';
import { MemoryWorkflowStore } from './memory.store';
import { SqlWorkflowStore } from './sql.store';

/** The store `persistence` selects: memory, or SQL on the application's sql adapter. */
export function createWorkflowStore(options: AcbWorkflowsModuleOptions, sql: SqlAdapter | undefined): WorkflowStore {
  if ((options.persistence ?? 'memory') === 'memory') return new MemoryWorkflowStore();
  if (!sql) throw new WorkflowConfigurationError(WorkflowsMessages.persistenceNeedsSql());
  return new SqlWorkflowStore(sql);
}
