import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { IsEmail, IsString, MinLength } from 'class-validator';
import type { DataSource } from 'typeorm';
import {
  AcbService,
  AcbServicesModule,
  Repository,
  RepositoryContext,
  ResilienceRegistry,
  ServiceBase,
  ServiceContext,
  ServicesConfigurationError,
  UnitOfWork,
  ValidateInput,
  ServiceValidationError,
  ValidationService,
} from '../src';
import { sqliteDataSource } from './support/data-sources';
import { emptyRecorded, FakeCollaboratorsModule, type Recorded } from './support/fake-services.module';
import { userEntity, type UserEntity } from './support/user.entity';

// NOTE: jest 29 ignores `testTimeout` in a project entry; Nest apps and databases on a loaded machine need more than 5 s.
jest.setTimeout(30_000);

const User = userEntity('svc_users');

class CreateUserSchema {
  @IsString()
  @MinLength(2)
  name!: string;

  @IsEmail()
  email!: string;
}

@Injectable()
class UserRepository extends Repository<UserEntity> {
  constructor(context: RepositoryContext) {
    super(User, context);
  }

  findByEmail(email: string): Promise<UserEntity | null> {
    return this.findOne({ email });
  }
}

/** The seed's UserService, in TypeScript. */
@AcbService({ name: 'users', capabilities: ['users'] })
class UserService extends ServiceBase {
  initialised = false;

  constructor(private readonly users: UserRepository) {
    super();
  }

  protected override async onInit(): Promise<void> {
    this.initialised = true;
  }

  async createUser(data: unknown): Promise<UserEntity> {
    const result = await this.validation.validate(data, CreateUserSchema);
    if (!result.isValid) throw new ServiceValidationError(result.errors);
    const user = await this.users.create(result.value);
    await this.events.emit('user.created', { userId: user.id });
    await this.queue.enqueue('send_welcome', { email: user.email });
    this.incrementMetric('users_created');
    return user;
  }

  @ValidateInput(CreateUserSchema)
  async register(data: CreateUserSchema): Promise<string> {
    return `${data.name} <${data.email}>`;
  }

  cached(): unknown {
    return this.cache;
  }

  fails(): never {
    throw new Error('sync failure');
  }
}

describe('ServiceBase in a Nest application', () => {
  let dataSource: DataSource;
  let moduleRef: TestingModule;
  let recorded: Recorded;

  beforeEach(async () => {
    dataSource = await sqliteDataSource([User]);
    recorded = emptyRecorded();
    moduleRef = await Test.createTestingModule({
      imports: [FakeCollaboratorsModule.forRoot(recorded), AcbServicesModule.forRoot({ dataSource })],
      providers: [UserRepository, UserService],
    }).compile();
    moduleRef.useLogger(false);
    await moduleRef.init();
  });

  afterEach(async () => {
    await moduleRef.close();
    await dataSource.destroy();
  });

  it('runs the seed example: validate, repository create, emit', async () => {
    const service = moduleRef.get(UserService);
    expect(service.state).toBe('active');
    expect(service.initialised).toBe(true);
    const user = await service.createUser({ name: 'John', email: 'john@example.com' });
    expect(user.id).toEqual(expect.any(Number));
    expect(await moduleRef.get(UserRepository).findByEmail('john@example.com')).toMatchObject({ name: 'John' });
    expect(recorded.events).toEqual([{ name: 'user.created', payload: { userId: user.id } }]);
    expect(recorded.tasks).toEqual([{ name: 'send_welcome', payload: { email: 'john@example.com' } }]);

    await expect(service.createUser({ name: 'J', email: 'nope' })).rejects.toBeInstanceOf(ServiceValidationError);
    expect(recorded.events).toHaveLength(1);
  });

  it('uses the application ValidationService (with its rules) in @ValidateInput', async () => {
    const service = moduleRef.get(UserService);
    expect(service.validation).toBe(moduleRef.get(ValidationService));
    await expect(service.register({ name: 'Ann', email: 'ann@example.com' })).resolves.toBe('Ann <ann@example.com>');
    await expect(service.register({ name: 'A', email: 'x' })).rejects.toBeInstanceOf(ServiceValidationError);
  });

  it('counts calls and errors per method and exports them with custom metrics', async () => {
    const service = moduleRef.get(UserService);
    await service.createUser({ name: 'John', email: 'john@example.com' });
    await service.createUser({ name: 'x', email: 'bad' }).catch(() => undefined);
    expect(() => service.fails()).toThrow('sync failure');
    const metrics = service.metrics();
    expect(metrics.methods.createUser).toEqual({ calls: 2, errors: 1 });
    expect(metrics.methods.fails).toEqual({ calls: 1, errors: 1 });
    expect(metrics.custom).toEqual({ users_created: 1 });
    expect(metrics.calls).toBe(3);
    expect(metrics.errors).toBe(2);
    expect(recorded.metrics).toEqual(
      expect.arrayContaining([
        { metric: 'acb_service_calls_total', labels: { service: 'users', method: 'createUser' }, value: undefined },
        { metric: 'acb_service_errors_total', labels: { service: 'users', method: 'createUser' }, value: undefined },
        { metric: 'acb_service_metric', labels: { service: 'users', metric: 'users_created' }, value: 1 },
      ]),
    );
  });

  it('gives every service the shared cache and resilience registry', () => {
    const service = moduleRef.get(UserService);
    expect(service.cached()).toBeDefined();
    expect(service.resilience).toBe(moduleRef.get(ResilienceRegistry));
  });

  it('a unit of work resolves the DI repository and rolls back with it', async () => {
    const uow = moduleRef.get(UnitOfWork);
    await expect(
      uow.run(async (session) => {
        const users = session.getRepository(UserRepository);
        await users.create({ name: 'Ann', email: 'ann@example.com' });
        expect(await users.findByEmail('ann@example.com')).not.toBeNull();
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await moduleRef.get(UserRepository).count()).toBe(0);
  });
});

describe('ServiceBase outside Nest', () => {
  @AcbService({ name: 'standalone' })
  class Standalone extends ServiceBase {
    emit(): unknown {
      return this.events;
    }

    protected override async onShutdown(): Promise<void> {
      throw new Error('cannot flush');
    }
  }

  it('explains what is missing instead of failing with undefined', () => {
    const service = new Standalone();
    expect(() => service.emit()).toThrow(ServicesConfigurationError);
    expect(() => service.emit()).toThrow('this.events is not available to this service: import AcbEventsModule.forRoot()');
  });

  it('can be wired by hand with useContext', () => {
    const events = { emit: jest.fn() };
    const context = new ServiceContext(new ValidationService(), new ResilienceRegistry(), events as never);
    const service = new Standalone().useContext(context);
    expect(service.emit()).toBe(events);
  });

  it('walks the lifecycle states and keeps the error of a failed stop', async () => {
    const service = new Standalone();
    expect(service.state).toBe('inactive');
    expect((await service.health()).status).toBe('unhealthy');
    await service.start();
    expect(service.state).toBe('active');
    expect(await service.health()).toEqual({ name: 'standalone', state: 'active', status: 'healthy' });
    await expect(service.stop()).rejects.toThrow('cannot flush');
    expect(service.state).toBe('error');
    expect(await service.health()).toMatchObject({ status: 'unhealthy', error: 'cannot flush' });
  });
});
