import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { ModuleRef, ModulesContainer } from '@nestjs/core';
import type { SchedulerRegistry } from '@nestjs/schedule';
import { MemoryQueueBackend, type ScheduleTimer } from '../backends/memory/memory.backend';
import type { QueueBackend } from '../interfaces/queue-backend.interface';
import { QueuesMessages } from '../queues.messages';
import { QUEUE_BACKEND } from '../queues.tokens';

/**
 * On the memory backend, puts every ACB schedule this process runs into @nestjs/schedule's `SchedulerRegistry`
 * (when `ScheduleModule.forRoot()` is imported): `getCronJob(name)` returns the CronJob that drives an `@AcbCron`
 * schedule (stop / start / nextDate act on it), `getInterval(name)` the timer of an `@AcbInterval` one. Removing a
 * schedule with `Scheduler.remove` removes it from the registry. Schedules on redis and rabbitmq tick once across
 * the cluster from the backend, so they stay out of the per-process registry.
 */
@Injectable()
export class SchedulerRegistryBridge implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('AcbScheduler');
  private stopObserving?: () => void;

  constructor(
    private readonly moduleRef: ModuleRef,
    @Inject(QUEUE_BACKEND) private readonly backend: QueueBackend,
  ) {}

  onModuleInit(): void {
    if (!(this.backend instanceof MemoryQueueBackend)) return;
    const registry = this.findRegistry();
    if (!registry) return;
    this.stopObserving = this.backend.observeSchedules({
      added: (name, timer) => this.add(registry, name, timer),
      removed: (name, timer) => this.remove(registry, name, timer),
    });
  }

  onApplicationShutdown(): void {
    this.stopObserving?.();
    this.stopObserving = undefined;
  }

  private add(registry: SchedulerRegistry, name: string, timer: ScheduleTimer): void {
    const type = timer.kind === 'cron' ? 'cron' : 'interval';
    if (registry.doesExist(type, name)) {
      this.logger.warn(QueuesMessages.scheduleNameTaken(name, type));
      return;
    }
    if (timer.kind === 'cron') registry.addCronJob(name, timer.job);
    else registry.addInterval(name, timer.timer);
  }

  private remove(registry: SchedulerRegistry, name: string, timer: ScheduleTimer): void {
    if (timer.kind === 'cron') {
      if (registry.doesExist('cron', name) && registry.getCronJob(name) === timer.job) registry.deleteCronJob(name);
    } else if (registry.doesExist('interval', name) && registry.getInterval(name) === timer.timer) {
      registry.deleteInterval(name);
    }
  }

  /** The application's SchedulerRegistry, or undefined when @nestjs/schedule is not installed or not imported. */
  private findRegistry(): SchedulerRegistry | undefined {
    let schedule: typeof import('@nestjs/schedule');
    try {
      // NOTE: loaded only on the memory backend; an app without @nestjs/schedule never loads it.
      schedule = require('@nestjs/schedule') as typeof import('@nestjs/schedule');
    } catch {
      return undefined;
    }
    // NOTE: looked up in every module without moduleRef.get(..., { strict: false }), which throws (and builds its
    // message) when ScheduleModule is not imported: ~0.5 ms of every start of an app without it (issue 10).
    for (const module of this.moduleRef.get(ModulesContainer, { strict: false }).values()) {
      const instance: unknown = module.providers.get(schedule.SchedulerRegistry)?.instance;
      if (instance) return instance as SchedulerRegistry;
    }
    return undefined;
  }
}
