import type { DataSource } from 'typeorm';
import { Repository, RepositoryContext, UnitOfWork } from '../src';
import { sqliteDataSource } from './support/data-sources';
import { userEntity, type UserEntity } from './support/user.entity';
import { userRepositoryClass } from './support/user.repository';

// NOTE: jest 29 ignores `testTimeout` in a project entry; Nest apps and databases on a loaded machine need more than 5 s.
jest.setTimeout(30_000);

const User = userEntity('uow_users');
const UserRepository = userRepositoryClass(User);

describe('UnitOfWork on SQLite', () => {
  let dataSource: DataSource;
  let context: RepositoryContext;
  let uow: UnitOfWork;
  let users: InstanceType<typeof UserRepository>;

  beforeEach(async () => {
    dataSource = await sqliteDataSource([User]);
    context = new RepositoryContext({ dataSource });
    uow = new UnitOfWork(context);
    users = new UserRepository(context);
  });

  afterEach(() => dataSource.destroy());

  it('commits on success', async () => {
    const result = await uow.run(async (session) => {
      const repo = session.getRepository(UserRepository);
      const ann = await repo.create({ name: 'ann', email: 'ann@x' });
      await repo.create({ name: 'bob', email: 'bob@x' });
      return ann.id;
    });
    expect(result).toEqual(expect.any(Number));
    expect(await users.count()).toBe(2);
  });

  it('leaves no row behind when the work throws', async () => {
    await expect(
      uow.run(async (session) => {
        const repo = session.getRepository(UserRepository);
        await repo.create({ name: 'ann', email: 'ann@x' });
        expect(await repo.count()).toBe(1);
        throw new Error('payment declined');
      }),
    ).rejects.toThrow('payment declined');
    expect(await users.count()).toBe(0);
  });

  it('rolls back on a database error half way', async () => {
    await expect(
      uow.run(async (session) => {
        const repo = session.getRepository(UserRepository);
        await repo.create({ name: 'ann', email: 'dup@x' });
        await repo.create({ name: 'bob', email: 'dup@x' });
      }),
    ).rejects.toThrow(/UNIQUE/);
    expect(await users.count()).toBe(0);
  });

  it('a nested run joins the outer transaction: an outer throw undoes the inner work', async () => {
    await expect(
      uow.run(async (outer) => {
        await outer.getRepository(UserRepository).create({ name: 'ann', email: 'ann@x' });
        await uow.run(async (inner) => {
          expect(inner).toBe(outer);
          await inner.getRepository(UserRepository).create({ name: 'bob', email: 'bob@x' });
        });
        throw new Error('late failure');
      }),
    ).rejects.toThrow('late failure');
    expect(await users.count()).toBe(0);
  });

  it('repositories used inside run join the transaction without getRepository', async () => {
    await expect(
      uow.run(async () => {
        await users.create({ name: 'ann', email: 'ann@x' });
        throw new Error('undo');
      }),
    ).rejects.toThrow('undo');
    expect(await users.count()).toBe(0);
  });

  it('gives a plain Repository for an entity class, and the same instance twice', async () => {
    await uow.run(async (session) => {
      const repo = session.getRepository<UserEntity>(User);
      expect(repo).toBeInstanceOf(Repository);
      expect(session.getRepository<UserEntity>(User)).toBe(repo);
      await repo.create({ name: 'ann', email: 'ann@x' });
    });
    expect(await users.count()).toBe(1);
  });

  it('runs afterCommit hooks only after a commit', async () => {
    const committed: string[] = [];
    await uow.run(async (session) => session.afterCommit(() => void committed.push('first')));
    await expect(
      uow.run(async (session) => {
        session.afterCommit(() => void committed.push('second'));
        throw new Error('no');
      }),
    ).rejects.toThrow('no');
    expect(committed).toEqual(['first']);
  });
});
