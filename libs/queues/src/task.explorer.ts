import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper';
import type { AcbTaskMetadata } from './decorators/acb-task.decorator';
import { declaresTasks } from './decorators/task-owner.marker';
import type { AcbScheduleMetadata } from './decorators/schedule.decorators';
import { processorOf } from './decorators/acb-processor.decorator';
import type { OnTaskEventMetadata } from './decorators/on-task-event.decorator';
import { TaskEvents, type TaskEvent } from './events/task-events';
import type { TaskContext } from './interfaces/task-handler.interface';
import { ACB_SCHEDULE_METADATA, ACB_TASK_EVENT_METADATA, ACB_TASK_METADATA } from './queues.constants';
import { QueuesMessages } from './queues.messages';
import { Scheduler } from './scheduler/scheduler';
import { TaskRegistry } from './task.registry';

/**
 * Finds @AcbTask and schedule-decorated methods on every provider and controller when the module initialises, binds
 * them to their instance and registers them. Request-scoped (and transient) providers are skipped with a warning:
 * tasks and schedules run outside any request.
 */
@Injectable()
export class TaskExplorer implements OnModuleInit {
  private readonly logger = new Logger('AcbQueues');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
    private readonly registry: TaskRegistry,
    private readonly scheduler: Scheduler,
    private readonly taskEvents: TaskEvents,
  ) {}

  async onModuleInit(): Promise<void> {
    const wrappers = [...this.discovery.getProviders(), ...this.discovery.getControllers()];
    for (const wrapper of wrappers) await this.explore(wrapper);
  }

  private async explore(wrapper: InstanceWrapper): Promise<void> {
    const { instance, metatype } = wrapper;
    if (!instance || typeof instance !== 'object' || !metatype) return;
    const prototype = Object.getPrototypeOf(instance) as object;
    if (!declaresTasks(prototype)) return;
    const processor = processorOf(metatype);
    const methods = this.scanner.getAllMethodNames(prototype);
    const decorated = methods.filter((method) => {
      const fn = (prototype as Record<string, unknown>)[method] as (...args: unknown[]) => unknown;
      return this.reflector.get(ACB_TASK_METADATA, fn) || this.reflector.get(ACB_SCHEDULE_METADATA, fn) || this.reflector.get(ACB_TASK_EVENT_METADATA, fn);
    });
    const process = (prototype as Record<string, unknown>).process;
    const processSwitch = processor && typeof process === 'function' && !this.reflector.get(ACB_TASK_METADATA, process) ? process : undefined;
    if (decorated.length === 0 && !processor) return;
    const className = (metatype as { name?: string }).name ?? 'anonymous';
    if (!wrapper.isDependencyTreeStatic()) {
      this.logger.warn(QueuesMessages.requestScoped(className));
      return;
    }
    if (processor) {
      this.registry.setQueueOptions(processor.queue, processor.options, `@AcbProcessor ${className}`);
      if (processSwitch) {
        this.registry.registerQueueProcessor(
          processor.queue,
          (payload: unknown, context: TaskContext) => processSwitch.call(instance, payload, context),
          `${className}.process`,
        );
      }
    }
    for (const method of decorated) {
      const fn = (instance as Record<string, (...args: unknown[]) => unknown>)[method];
      const task = this.reflector.get<AcbTaskMetadata | undefined>(ACB_TASK_METADATA, fn);
      if (task) {
        // Inside an @AcbProcessor class a task goes to the processor's queue unless it names its own.
        const options = processor && task.options.queue === undefined ? { ...task.options, queue: processor.queue } : task.options;
        this.registry.register(task.name, fn.bind(instance), options, `${className}.${method}`);
      }
      const hook = this.reflector.get<OnTaskEventMetadata | undefined>(ACB_TASK_EVENT_METADATA, fn);
      if (hook) {
        this.taskEvents.on(hook.types, (event: TaskEvent) => fn.call(instance, event) as void | Promise<void>, {
          queue: hook.queue ?? processor?.queue,
          source: `${className}.${method}`,
        });
      }
      const schedule = this.reflector.get<AcbScheduleMetadata | undefined>(ACB_SCHEDULE_METADATA, fn);
      if (schedule) {
        await this.scheduler.add(
          { name: schedule.name ?? `${className}.${method}`, cron: schedule.cron, everyMs: schedule.everyMs, timeZone: schedule.timeZone },
          () => fn.call(instance),
        );
      }
    }
  }
}
