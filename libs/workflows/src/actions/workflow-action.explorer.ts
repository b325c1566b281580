import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import type { WorkflowActionMetadata } from '../decorators/workflow-action.decorator';
import type { WorkflowActionFn } from '../interfaces/workflow-action.interface';
import { WORKFLOW_ACTION_METADATA, WORKFLOW_ACTION_OWNER_METADATA } from '../workflows.constants';
import { WorkflowsMessages } from '../workflows.messages';
import { ActionRegistry } from './action.registry';

/**
 * Finds @WorkflowAction methods on every provider and controller when the module initialises, binds them to their
 * instance and registers them. Request-scoped (and transient) providers are skipped with a warning: steps run outside
 * any request.
 */
@Injectable()
export class WorkflowActionExplorer implements OnModuleInit {
  private readonly logger = new Logger('AcbWorkflows');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly registry: ActionRegistry,
  ) {}

  onModuleInit(): void {
    for (const wrapper of [...this.discovery.getProviders(), ...this.discovery.getControllers()]) this.explore(wrapper);
  }

  private explore(wrapper: InstanceWrapper): void {
    const { instance, metatype } = wrapper;
    if (!instance || typeof instance !== 'object' || !metatype) return;
    const prototype = Object.getPrototypeOf(instance) as object;
    if (Reflect.getMetadata(WORKFLOW_ACTION_OWNER_METADATA, prototype) !== true) return;
    const className = (metatype as { name?: string }).name ?? 'anonymous';
    if (!wrapper.isDependencyTreeStatic()) {
      this.logger.warn(WorkflowsMessages.requestScoped(className));
      return;
    }
    for (const method of this.scanner.getAllMethodNames(prototype)) {
      const fn = (instance as Record<string, WorkflowActionFn>)[method];
      const metadata = this.reflector.get<WorkflowActionMetadata | undefined>(WORKFLOW_ACTION_METADATA, fn);
      if (metadata) this.registry.register(metadata.name, fn.bind(instance), `${className}.${method}`);
    }
  }
}
