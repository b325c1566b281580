import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
  type Type,
} from '@nestjs/common';
import { DiscoveryService, ModuleRef } from '@nestjs/core';
import { getServiceMetadata } from '../decorators/acb-service.decorator';
import { ServiceRegistryError } from '../errors/service-registry.error';
import type { AcbServicesModuleOptions } from '../interfaces/services-module-options.interface';
import type { AcbServiceMetadata } from '../interfaces/service-metadata.interface';
import { ServiceBase } from '../service/service-base';
import type { ServiceHealth, ServiceState } from '../service/service-state';
import { SERVICES_MODULE_OPTIONS } from '../services.module-definition';
import { ServicesMessages } from '../services.messages';
import { dependencyOrder } from './dependency-order';

/** A registered service as `list()` shows it. */
export interface ServiceInfo extends AcbServiceMetadata {
  state: ServiceState;
  /** Registered with `registerService` rather than found at start. */
  dynamic: boolean;
}

interface Entry {
  metadata: AcbServiceMetadata;
  instance: ServiceBase;
  dynamic: boolean;
}

/**
 * Every `@AcbService` of the application: found at module init, started in dependency order at application
 * bootstrap (after every module's `onModuleInit`, so adapters are connected), stopped in reverse order at
 * `onModuleDestroy` (before adapters close in `onApplicationShutdown`). A dependency cycle or a missing/disabled
 * dependency fails the start, naming the services; so does a service whose `onInit` throws (those already started
 * are stopped first).
 */
@Injectable()
export class ServiceRegistry implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('ServiceRegistry');
  private readonly entries = new Map<string, Entry>();
  private readonly disabled: ReadonlySet<string>;
  private readonly startTimeoutMs: number;
  private readonly startedOrder: string[] = [];
  private running = false;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly moduleRef: ModuleRef,
    @Inject(SERVICES_MODULE_OPTIONS) options: AcbServicesModuleOptions,
  ) {
    this.disabled = new Set(options.disabled ?? []);
    this.startTimeoutMs = options.startTimeoutMs ?? 30_000;
  }

  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders()) {
      const type = wrapper.metatype as Type<unknown> | undefined;
      if (!type || typeof type !== 'function') continue;
      const metadata = getServiceMetadata(type);
      if (!metadata) continue;
      if (!wrapper.isDependencyTreeStatic()) {
        this.logger.warn(ServicesMessages.requestScopedService(metadata.name));
        continue;
      }
      this.add(metadata, wrapper.instance, false);
    }
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.startAll();
  }

  async onModuleDestroy(): Promise<void> {
    await this.stopAll();
  }

  /**
   * Registers a service at run time: an instance, or a class that Nest instantiates with its dependencies (pass
   * `moduleRef` of your module when they are not global). Started at once when the registry is running (its
   * dependencies must be active). @throws ServiceRegistryError
   */
  async registerService<T extends ServiceBase>(
    service: Type<T> | T,
    options: { moduleRef?: Pick<ModuleRef, 'create'> } = {},
  ): Promise<T> {
    const serviceClass = (typeof service === 'function' ? service : service.constructor) as Type<T>;
    const metadata = getServiceMetadata(serviceClass);
    if (!metadata) {
      throw new ServiceRegistryError(ServicesMessages.notAService(serviceClass.name), { code: 'SERVICE_NOT_DECORATED' });
    }
    if (this.disabled.has(metadata.name)) {
      throw new ServiceRegistryError(ServicesMessages.serviceDisabled(metadata.name), {
        code: 'SERVICE_DISABLED',
        context: { service: metadata.name },
      });
    }
    if (this.entries.has(metadata.name)) {
      throw new ServiceRegistryError(ServicesMessages.duplicateService(metadata.name), {
        code: 'SERVICE_DUPLICATE',
        context: { service: metadata.name },
      });
    }
    const instance = typeof service === 'function' ? await (options.moduleRef ?? this.moduleRef).create(serviceClass) : service;
    this.add(metadata, instance, true);
    if (this.running) {
      for (const dependency of metadata.dependsOn) {
        const state = this.entries.get(dependency)?.instance.state ?? 'missing';
        if (state !== 'active') {
          this.entries.delete(metadata.name);
          const reason =
            state === 'missing'
              ? ServicesMessages.missingDependency(metadata.name, [dependency])
              : ServicesMessages.dependencyNotActive(metadata.name, dependency, state);
          throw new ServiceRegistryError(reason, { code: 'SERVICE_MISSING_DEPENDENCY', context: { service: metadata.name } });
        }
      }
      await this.startOne(metadata.name, instance);
    }
    return instance;
  }

  /** Every registered service with its metadata and state, in start order when known. */
  list(): ServiceInfo[] {
    return [...this.entries.values()].map(({ metadata, instance, dynamic }) => ({ ...metadata, state: instance.state, dynamic }));
  }

  has(name: string): boolean {
    return this.entries.has(name);
  }

  /** @throws ServiceRegistryError for an unknown (or disabled) name */
  get<T extends ServiceBase = ServiceBase>(name: string): T {
    const entry = this.entries.get(name);
    if (!entry) {
      throw new ServiceRegistryError(
        this.disabled.has(name) ? ServicesMessages.serviceDisabled(name) : ServicesMessages.serviceNotRegistered(name, [...this.entries.keys()]),
        { code: 'SERVICE_NOT_REGISTERED', context: { service: name } },
      );
    }
    return entry.instance as T;
  }

  findByCapability<T extends ServiceBase = ServiceBase>(capability: string): T[] {
    return [...this.entries.values()]
      .filter((entry) => entry.metadata.capabilities.includes(capability))
      .map((entry) => entry.instance as T);
  }

  /** The order services start in (dependencies first). @throws ServiceRegistryError on a cycle or missing dependency */
  startOrder(): string[] {
    return dependencyOrder(
      [...this.entries.values()].map(({ metadata }) => metadata),
      this.disabled,
    );
  }

  /** Starts every registered service in dependency order (the bootstrap hook calls it). */
  async startAll(): Promise<void> {
    const order = this.startOrder();
    this.running = true;
    for (const name of order) {
      const entry = this.entries.get(name)!;
      try {
        await this.startOne(name, entry.instance);
      } catch (error) {
        await this.stopAll();
        throw error;
      }
    }
  }

  /** Stops started services in reverse start order; a failing `onShutdown` is logged and the others still stop. */
  async stopAll(): Promise<void> {
    this.running = false;
    while (this.startedOrder.length > 0) {
      const name = this.startedOrder.pop()!;
      const instance = this.entries.get(name)?.instance;
      if (!instance) continue;
      try {
        await instance.stop();
        this.logger.log(ServicesMessages.serviceStopped(name));
      } catch (error) {
        this.logger.error(ServicesMessages.serviceStopFailed(name, error instanceof Error ? error.message : String(error)));
      }
    }
  }

  /** `health()` of every service, by name. */
  async healthAll(): Promise<Record<string, ServiceHealth>> {
    const results = await Promise.all([...this.entries.values()].map(({ instance }) => instance.health()));
    return Object.fromEntries(results.map((health) => [health.name, health]));
  }

  private add(metadata: AcbServiceMetadata, instance: unknown, dynamic: boolean): void {
    if (this.disabled.has(metadata.name)) {
      this.logger.log(ServicesMessages.serviceDisabled(metadata.name));
      return;
    }
    if (!(instance instanceof ServiceBase)) {
      throw new ServiceRegistryError(`@AcbService "${metadata.name}" must extend ServiceBase`, {
        code: 'SERVICE_NOT_SERVICE_BASE',
        context: { service: metadata.name },
      });
    }
    if (this.entries.has(metadata.name)) {
      throw new ServiceRegistryError(ServicesMessages.duplicateService(metadata.name), {
        code: 'SERVICE_DUPLICATE',
        context: { service: metadata.name },
      });
    }
    this.entries.set(metadata.name, { metadata, instance, dynamic });
  }

  private async startOne(name: string, instance: ServiceBase): Promise<void> {
    const startedAt = Date.now();
    this.logger.log(ServicesMessages.serviceStarting(name));
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        instance.start(),
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`onInit took longer than ${this.startTimeoutMs} ms`)), this.startTimeoutMs);
        }),
      ]);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      this.logger.error(ServicesMessages.serviceStartFailed(name, reason));
      throw new ServiceRegistryError(ServicesMessages.serviceStartFailed(name, reason), {
        code: 'SERVICE_START_FAILED',
        context: { service: name },
        cause: error,
      });
    } finally {
      clearTimeout(timer);
    }
    this.startedOrder.push(name);
    this.logger.log(ServicesMessages.serviceStarted(name, Date.now() - startedAt));
  }
}
