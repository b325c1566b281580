import { DynamicModule, Logger, Module, Provider } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { SqlAdapter } from '@acb/adapters';
import { EventPublisher } from '@acb/events';
import { Queue, TaskRegistry } from '@acb/queues';
import { AcbMigrationsModule } from '@acb/migrations';
import { ActionRegistry } from './actions/action.registry';
import { createCommandAction } from './actions/command.action';
import { WorkflowActionExplorer } from './actions/workflow-action.explorer';
import { DefinitionCatalog } from './definitions/definition.catalog';
import { processWorkflowEngineRegistry } from './engine/engine.registry';
import type { WorkflowEngine } from './engine/workflow-engine';
import type { WorkflowEventSink } from './interfaces/workflow-events.interface';
import type { WorkflowStore } from './interfaces/workflow-store.interface';
import type { AcbWorkflowsModuleOptions } from './interfaces/workflows-module-options.interface';
import { WORKFLOW_MIGRATIONS } from './migrations/create-workflow-tables.migration';
import { createWorkflowStore } from './persistence/create-workflow-store';
import { WorkflowService } from './workflow.service';
import {
  ACB_WORKFLOWS_ASYNC_OPTIONS_TYPE,
  ACB_WORKFLOWS_OPTIONS,
  ACB_WORKFLOWS_OPTIONS_TYPE,
  AcbWorkflowsConfigurableModule,
} from './workflows.module-definition';
import { WorkflowsMessages } from './workflows.messages';
import { WORKFLOW_ENGINE, WORKFLOW_STORE } from './workflows.tokens';

const PROVIDERS: Provider[] = [
  {
    provide: ActionRegistry,
    useFactory: (options: AcbWorkflowsModuleOptions) => {
      const registry = new ActionRegistry(options.services);
      if (options.command?.enabled) registry.register('command', createCommandAction(options.command), 'the built-in command action');
      return registry;
    },
    inject: [ACB_WORKFLOWS_OPTIONS],
  },
  DefinitionCatalog,
  WorkflowActionExplorer,
  {
    provide: WORKFLOW_STORE,
    useFactory: (options: AcbWorkflowsModuleOptions, sql?: SqlAdapter) => createWorkflowStore(options, sql),
    inject: [ACB_WORKFLOWS_OPTIONS, { token: SqlAdapter, optional: true }],
  },
  {
    provide: WORKFLOW_ENGINE,
    useFactory: (
      options: AcbWorkflowsModuleOptions,
      actions: ActionRegistry,
      store: WorkflowStore,
      catalog: DefinitionCatalog,
      publisher?: EventPublisher,
      queue?: Queue,
      tasks?: TaskRegistry,
    ): WorkflowEngine => {
      const Engine = processWorkflowEngineRegistry()
        .extend(options.engines)
        .resolve(options.engine ?? 'basic');
      return new Engine({
        maxConcurrentSteps: options.maxConcurrentSteps,
        defaultTimeoutMs: options.defaultTimeoutMs,
        retry: options.retry,
        actions,
        store,
        events: options.events === false || !publisher ? undefined : eventSink(publisher),
        leaseMs: options.leaseMs,
        definitions: (workflowId) => catalog.find(workflowId),
        queue: queue && tasks ? { queue, registry: tasks } : undefined,
      });
    },
    inject: [
      ACB_WORKFLOWS_OPTIONS,
      ActionRegistry,
      WORKFLOW_STORE,
      DefinitionCatalog,
      { token: EventPublisher, optional: true },
      { token: Queue, optional: true },
      { token: TaskRegistry, optional: true },
    ],
  },
  WorkflowService,
];

/**
 * Workflows: definitions, the engine the options select, @WorkflowAction discovery and `WorkflowService`.
 * `forRoot(options)` / `forRootAsync({ useFactory, inject, imports })`; global, as every ACB module.
 */
@Module({})
export class AcbWorkflowsModule extends AcbWorkflowsConfigurableModule {
  static forRoot(options: typeof ACB_WORKFLOWS_OPTIONS_TYPE = {}): DynamicModule {
    return withProviders(super.forRoot(options));
  }

  static forRootAsync(options: typeof ACB_WORKFLOWS_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withProviders(super.forRootAsync(options));
  }
}

function withProviders(base: DynamicModule): DynamicModule {
  return {
    ...base,
    // NOTE: the SQL store's tables join the application's migrations (applied by its MigrationRunner).
    imports: [...(base.imports ?? []), DiscoveryModule, AcbMigrationsModule.forFeature(WORKFLOW_MIGRATIONS)],
    providers: [...(base.providers ?? []), ...PROVIDERS],
    exports: [...(base.exports ?? []), WorkflowService, WORKFLOW_ENGINE, WORKFLOW_STORE, ActionRegistry],
  };
}

/** `workflow.*` events through the application's EventPublisher, when it has one (never waiting for handlers). */
function eventSink(publisher: EventPublisher): WorkflowEventSink {
  const logger = new Logger('AcbWorkflows');
  return {
    emit(name, payload) {
      publisher.emit(name, payload, { wait: false }).catch((error: unknown) => {
        logger.warn(WorkflowsMessages.eventFailed(name, error instanceof Error ? error.message : String(error)));
      });
    },
  };
}
