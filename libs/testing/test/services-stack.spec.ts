// Pattern 7 — a ServiceBase service on the whole embedded stack: SQLite repository, memory cache, recorded events,
// queued follow-up work; no server, no settings file.
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { TypeOrmModule } from '@nestjs/typeorm';
import { IsEmail, IsString, MinLength } from 'class-validator';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { SqlAdapter } from '@acb/adapters';
import { AcbTask } from '@acb/queues';
import { AcbService, AcbServicesModule, Repository, RepositoryContext, ServiceBase, ServiceRegistry, ServiceValidationError } from '@acb/services';
import { AcbTestingModule, EventRecorder, drainQueues } from '@acb/testing';

@Entity({ name: 'stack_accounts' })
class Account {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column('varchar')
  name!: string;

  @Column({ type: 'varchar', unique: true })
  email!: string;
}

class OpenAccountSchema {
  @IsString()
  @MinLength(2)
  name!: string;

  @IsEmail()
  email!: string;
}

@Injectable()
class AccountRepository extends Repository<Account> {
  constructor(context: RepositoryContext) {
    super(Account, context);
  }
}

@AcbService({ name: 'accounts', capabilities: ['accounts'] })
class AccountService extends ServiceBase {
  readonly welcomed: string[] = [];

  constructor(private readonly accounts: AccountRepository) {
    super();
  }

  async open(data: unknown): Promise<Account> {
    const result = await this.validation.validate(data, OpenAccountSchema);
    if (!result.isValid) throw new ServiceValidationError(result.errors);
    const account = await this.accounts.create(result.value as OpenAccountSchema);
    await this.events.emit('account.opened', { accountId: account.id });
    await this.queue.enqueue('send_welcome', { email: account.email });
    return account;
  }

  @AcbTask('send_welcome')
  async sendWelcome(payload: { email: string }): Promise<void> {
    this.welcomed.push(payload.email);
  }
}

describe('a ServiceBase service on AcbTestingModule', () => {
  let moduleRef: TestingModule;

  beforeEach(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        AcbTestingModule.forRoot({ events: true, queues: true }),
        AcbServicesModule.forRoot({}),
        TypeOrmModule.forFeature([Account]), // entities reach the sql adapter's DataSource (autoLoadEntities)
      ],
      providers: [AccountRepository, AccountService],
    }).compile();
    await moduleRef.init();
    await moduleRef
      .get(SqlAdapter)
      .execute('CREATE TABLE stack_accounts (id INTEGER PRIMARY KEY AUTOINCREMENT, name VARCHAR NOT NULL, email VARCHAR NOT NULL UNIQUE)');
  });

  afterEach(() => moduleRef.close());

  it('validates, stores, emits and enqueues; the test drains the follow-up work', async () => {
    const service = moduleRef.get(AccountService);
    expect(moduleRef.get(ServiceRegistry).list().map((info) => [info.name, info.state])).toEqual([['accounts', 'active']]);

    const account = await service.open({ name: 'Ann', email: 'ann@example.com' });

    expect(await moduleRef.get(SqlAdapter).fetchAll('SELECT name, email FROM stack_accounts')).toEqual([
      { name: 'Ann', email: 'ann@example.com' },
    ]);
    expect(moduleRef.get(EventRecorder).payloads('account.opened')).toEqual([{ accountId: account.id }]);
    expect(service.welcomed).toEqual([]);
    expect(await drainQueues(moduleRef)).toBe(1);
    expect(service.welcomed).toEqual(['ann@example.com']);
  });

  it('rejects bad input before anything is stored, emitted or enqueued', async () => {
    await expect(moduleRef.get(AccountService).open({ name: 'A', email: 'not-an-email' })).rejects.toBeInstanceOf(ServiceValidationError);
    expect(await moduleRef.get(SqlAdapter).fetchAll('SELECT * FROM stack_accounts')).toEqual([]);
    expect(moduleRef.get(EventRecorder).emitted()).toEqual([]);
    expect(await drainQueues(moduleRef)).toBe(0);
  });
});
