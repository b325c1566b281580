import { Inject, Injectable, Scope } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Test, type TestingModule } from '@nestjs/testing';
import {
  AcbService,
  AcbServicesModule,
  ServiceBase,
  ServiceRegistry,
  ServiceRegistryError,
  ServicesHealthIndicator,
} from '../src';

// NOTE: jest 29 ignores `testTimeout` in a project entry; Nest apps and databases on a loaded machine need more than 5 s.
jest.setTimeout(30_000);

const LOG = Symbol('log');

/** A provider of the test's root module, to reach that module's ModuleRef. */
@Injectable()
class Host {
  constructor(readonly moduleRef: ModuleRef) {}
}

function service(name: string, options: { dependsOn?: string[]; priority?: number; capabilities?: string[]; failInit?: boolean } = {}) {
  @AcbService({ name, dependsOn: options.dependsOn, priority: options.priority, capabilities: options.capabilities })
  class Svc extends ServiceBase {
    constructor(@Inject(LOG) private readonly log: string[]) {
      super();
    }

    protected override async onInit(): Promise<void> {
      if (options.failInit) throw new Error(`${name} cannot connect`);
      this.log.push(`start ${name}`);
    }

    protected override async onShutdown(): Promise<void> {
      this.log.push(`stop ${name}`);
    }
  }
  Object.defineProperty(Svc, 'name', { value: `${name}Service` });
  return Svc;
}

async function build(providers: Array<ReturnType<typeof service>>, disabled: string[] = []) {
  const log: string[] = [];
  const moduleRef = await Test.createTestingModule({
    imports: [AcbServicesModule.forRoot({ disabled })],
    providers: [...providers, Host, { provide: LOG, useValue: log }],
  }).compile();
  moduleRef.useLogger(false);
  return { moduleRef, log, registry: moduleRef.get(ServiceRegistry) };
}

describe('ServiceRegistry', () => {
  let moduleRef: TestingModule | undefined;

  afterEach(async () => {
    // NOTE: Nest's close() rethrows a failed init; the registry already stopped what it started then.
    await moduleRef?.close().catch(() => undefined);
    moduleRef = undefined;
  });

  it('starts services in dependency order (priority among peers) and stops them in reverse', async () => {
    const built = await build([
      service('api', { dependsOn: ['users', 'audit'] }),
      service('users', { dependsOn: ['db'] }),
      service('db'),
      service('audit', { priority: 10 }),
      service('metrics', { priority: 5 }),
    ]);
    moduleRef = built.moduleRef;
    await moduleRef.init();
    expect(built.log).toEqual(['start audit', 'start metrics', 'start db', 'start users', 'start api']);
    expect(built.registry.startOrder()).toEqual(['audit', 'metrics', 'db', 'users', 'api']);
    expect(built.registry.list().every((info) => info.state === 'active')).toBe(true);

    await moduleRef.close();
    moduleRef = undefined;
    expect(built.log.slice(5)).toEqual(['stop api', 'stop users', 'stop db', 'stop metrics', 'stop audit']);
    expect(built.registry.get('api').state).toBe('stopped');
  });

  it('fails the start on a dependency cycle, naming it', async () => {
    const built = await build([service('a', { dependsOn: ['b'] }), service('b', { dependsOn: ['c'] }), service('c', { dependsOn: ['a'] }), service('d')]);
    moduleRef = built.moduleRef;
    const error = await moduleRef.init().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ServiceRegistryError);
    expect((error as Error).message).toBe('Service dependency cycle: a -> b -> c -> a');
    expect((error as ServiceRegistryError).code).toBe('SERVICE_CYCLE');
    expect(built.log).toEqual([]);
  });

  it('fails the start on a missing dependency, naming both services', async () => {
    const built = await build([service('orders', { dependsOn: ['payments'] })]);
    moduleRef = built.moduleRef;
    await expect(moduleRef.init()).rejects.toThrow('Service "orders" depends on "payments", which is not registered (or disabled)');
  });

  it('skips disabled services; a dependent of one fails clearly', async () => {
    const alone = await build([service('legacy'), service('users')], ['legacy']);
    moduleRef = alone.moduleRef;
    await moduleRef.init();
    expect(alone.registry.list().map((info) => info.name)).toEqual(['users']);
    expect(() => alone.registry.get('legacy')).toThrow(/disabled by configuration/);
    expect(alone.log).toEqual(['start users']);
    await moduleRef.close();
    moduleRef = undefined;

    const dependent = await build([service('legacy'), service('report', { dependsOn: ['legacy'] })], ['legacy']);
    moduleRef = dependent.moduleRef;
    await expect(moduleRef.init()).rejects.toThrow(/"report" depends on "legacy".*\(disabled: legacy\)/);
  });

  it('a service whose onInit throws fails the start and the started ones are stopped', async () => {
    const built = await build([service('db'), service('mailer', { dependsOn: ['db'], failInit: true })]);
    moduleRef = built.moduleRef;
    await expect(moduleRef.init()).rejects.toThrow('Service "mailer" failed to start: mailer cannot connect');
    expect(built.log).toEqual(['start db', 'stop db']);
    expect(built.registry.get('mailer').state).toBe('error');
  });

  it('takes its options from forRootAsync (the lead maps settings/services.yml to it)', async () => {
    const log: string[] = [];
    const local = await Test.createTestingModule({
      imports: [AcbServicesModule.forRootAsync({ useFactory: async () => ({ disabled: ['legacy'] }) })],
      providers: [service('legacy'), service('users'), { provide: LOG, useValue: log }],
    }).compile();
    local.useLogger(false);
    moduleRef = local;
    await moduleRef.init();
    expect(log).toEqual(['start users']);
    expect(moduleRef.get(ServiceRegistry).has('legacy')).toBe(false);
  });

  it('lists, gets by name and finds by capability', async () => {
    const built = await build([service('users', { capabilities: ['users', 'auth'] }), service('billing', { capabilities: ['payments'] })]);
    moduleRef = built.moduleRef;
    await moduleRef.init();
    expect(built.registry.list()).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'users', version: '1.0.0', capabilities: ['users', 'auth'], dynamic: false, state: 'active' }),
      ]),
    );
    expect(built.registry.get('billing').serviceName).toBe('billing');
    expect(built.registry.findByCapability('auth').map((s) => s.serviceName)).toEqual(['users']);
    expect(built.registry.findByCapability('nothing')).toEqual([]);
    expect(() => built.registry.get('ghost')).toThrow('Service "ghost" is not registered (registered: users, billing)');
  });

  it('registerService adds and starts a dynamic service with its dependencies injected', async () => {
    const built = await build([service('db')]);
    moduleRef = built.moduleRef;
    await moduleRef.init();
    const Reports = service('reports', { dependsOn: ['db'] });
    const instance = await built.registry.registerService(Reports, { moduleRef: built.moduleRef.get(Host).moduleRef });
    expect(instance.state).toBe('active');
    expect(built.log).toEqual(['start db', 'start reports']);
    expect(built.registry.list().find((info) => info.name === 'reports')?.dynamic).toBe(true);
    await expect(built.registry.registerService(service('late', { dependsOn: ['ghost'] }), { moduleRef: built.moduleRef.get(Host).moduleRef })).rejects.toThrow(/"late" depends on "ghost"/);
    await expect(built.registry.registerService(service('reports'))).rejects.toThrow(/registered twice/);
    await moduleRef.close();
    moduleRef = undefined;
    expect(built.log.slice(-2)).toEqual(['stop reports', 'stop db']);
  });

  it('refuses to register an undecorated class', async () => {
    const built = await build([]);
    moduleRef = built.moduleRef;
    await moduleRef.init();
    class Plain extends ServiceBase {}
    await expect(built.registry.registerService(Plain)).rejects.toThrow(/no @AcbService\(\) metadata/);
  });

  it('skips request-scoped services with a warning', async () => {
    @Injectable({ scope: Scope.REQUEST })
    @AcbService({ name: 'per-request' })
    class PerRequest extends ServiceBase {}
    const moduleRefLocal = await Test.createTestingModule({ imports: [AcbServicesModule.forRoot({})], providers: [PerRequest] }).compile();
    moduleRefLocal.useLogger(false);
    moduleRef = moduleRefLocal;
    await moduleRef.init();
    expect(moduleRef.get(ServiceRegistry).list()).toEqual([]);
  });

  it('reports health of all services through the terminus indicator', async () => {
    @AcbService({ name: 'flaky' })
    class Flaky extends ServiceBase {
      healthy = true;

      protected override async checkHealth() {
        if (!this.healthy) throw new Error('upstream unreachable');
        return { latencyMs: 3 };
      }
    }
    const moduleRefLocal = await Test.createTestingModule({
      imports: [AcbServicesModule.forRoot({})],
      providers: [Flaky, service('steady'), { provide: LOG, useValue: [] }],
    }).compile();
    moduleRefLocal.useLogger(false);
    moduleRef = moduleRefLocal;
    await moduleRef.init();
    const indicator = moduleRef.get(ServicesHealthIndicator);
    expect(await indicator.isHealthy()).toEqual({
      services: {
        status: 'up',
        services: {
          flaky: { name: 'flaky', state: 'active', status: 'healthy', details: { latencyMs: 3 } },
          steady: { name: 'steady', state: 'active', status: 'healthy' },
        },
      },
    });
    moduleRef.get(Flaky).healthy = false;
    const down = await indicator.isHealthy('svc');
    expect(down.svc.status).toBe('down');
    expect(down.svc.services).toMatchObject({ flaky: { status: 'unhealthy', error: 'upstream unreachable' } });
  });

  it('two applications in one process keep separate registries', async () => {
    const first = await build([service('users')]);
    const second = await build([service('users'), service('extra')]);
    await first.moduleRef.init();
    await second.moduleRef.init();
    expect(first.registry.list().map((info) => info.name)).toEqual(['users']);
    expect(second.registry.list().map((info) => info.name).sort()).toEqual(['extra', 'users']);
    await first.moduleRef.close();
    expect(second.registry.get('users').state).toBe('active');
    await second.moduleRef.close();
  });
});
