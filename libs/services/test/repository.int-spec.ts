import type { DataSource } from 'typeorm';
import { describeWithServer } from '../../../test/servers';
import { NotFoundError, RepositoryContext, Spec, UnitOfWork } from '../src';
import { postgresDataSource, uniqueSuffix } from './support/data-sources';
import { PEOPLE, SPEC_CASES, names, sortNames } from './support/specification-cases';
import { userEntity } from './support/user.entity';
import { userRepositoryClass, type UserRepositoryLike } from './support/user.repository';

// NOTE: jest 29 ignores `testTimeout` in a project entry; Nest apps and databases on a loaded machine need more than 5 s.
jest.setTimeout(60_000);

const TABLE = `svc_users_${uniqueSuffix()}`;
const User = userEntity(TABLE);
const UserRepository = userRepositoryClass(User);

describeWithServer('postgres', 'Repository, Specification and UnitOfWork on PostgreSQL', (url) => {
  let dataSource: DataSource;
  let context: RepositoryContext;
  let users: UserRepositoryLike;
  let uow: UnitOfWork;

  beforeAll(async () => {
    dataSource = await postgresDataSource(url, [User]);
    context = new RepositoryContext({ dataSource });
    users = new UserRepository(context);
    uow = new UnitOfWork(context);
  });

  afterAll(async () => {
    if (!dataSource) return;
    await dataSource.query(`DROP TABLE IF EXISTS "${TABLE}"`);
    await dataSource.destroy();
  });

  describe('specifications really filter (same cases as SQLite and in memory)', () => {
    beforeAll(async () => {
      await users.deleteWhere({});
      await users.createMany(PEOPLE);
    });

    it.each(SPEC_CASES)('$title', async ({ spec, expected }) => {
      expect(names(await users.findAll(spec as never))).toEqual(sortNames(expected));
      expect(await users.count(spec as never)).toBe(expected.length);
      expect(names(PEOPLE.filter((row) => spec.isSatisfiedBy(row)))).toEqual(sortNames(expected));
    });

    it('paginates a specification with a total', async () => {
      const page = await users.find(Spec.not(Spec.isNull('age')), { page: 2, limit: 2, order: { age: 'ASC' } });
      expect(page).toMatchObject({ total: 5, page: 2, limit: 2 });
      expect(page.items.map((user) => user.name)).toEqual(['ann', 'dan']);
    });
  });

  describe('CRUD and the unit of work', () => {
    beforeEach(() => users.deleteWhere({}));

    it('creates, finds by a custom finder, updates and deletes', async () => {
      const ann = await users.create({ name: 'ann', email: 'ann@pg.example' });
      expect(ann.createdAt).toBeInstanceOf(Date);
      expect((await users.findByEmail('ann@pg.example'))?.id).toBe(ann.id);
      expect((await users.update(ann.id, { age: 40 })).age).toBe(40);
      expect(await users.exists(Spec.gte('age', 40))).toBe(true);
      expect(await users.delete(ann.id)).toBe(true);
      await expect(users.getById(ann.id)).rejects.toBeInstanceOf(NotFoundError);
    });

    it('commits a unit of work', async () => {
      await uow.run(async (session) => {
        const repo = session.getRepository(UserRepository);
        await repo.create({ name: 'a', email: 'a@pg' });
        await repo.create({ name: 'b', email: 'b@pg' });
      });
      expect(await users.count()).toBe(2);
    });

    it('a unit of work that throws leaves no row behind', async () => {
      await expect(
        uow.run(async (session) => {
          const repo = session.getRepository(UserRepository);
          await repo.create({ name: 'a', email: 'a@pg' });
          expect(await repo.count()).toBe(1);
          expect(await users.count()).toBe(1); // the injected repository joins the running transaction
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      expect(await users.count()).toBe(0);
    });

    it('is isolated: other connections do not see uncommitted rows', async () => {
      let seenOutside = -1;
      await uow.run(async (session) => {
        await session.getRepository(UserRepository).create({ name: 'a', email: 'a@pg' });
        const [row] = await dataSource.query(`SELECT count(*)::int AS n FROM "${TABLE}"`);
        seenOutside = row.n;
      });
      expect(seenOutside).toBe(0);
      expect(await users.count()).toBe(1);
    });

    it('a nested run joins the outer transaction; a unique violation rolls everything back', async () => {
      await expect(
        uow.run(async (outer) => {
          await outer.getRepository(UserRepository).create({ name: 'a', email: 'dup@pg' });
          await uow.run(async (inner) => {
            await inner.getRepository(UserRepository).create({ name: 'b', email: 'other@pg' });
          });
          await outer.getRepository(UserRepository).create({ name: 'c', email: 'dup@pg' });
        }),
      ).rejects.toThrow(/duplicate key/);
      expect(await users.count()).toBe(0);
    });

    it('runs with a chosen isolation level', async () => {
      const level = await uow.run(
        async (session) => (await session.manager.query('SHOW transaction_isolation'))[0].transaction_isolation,
        { isolationLevel: 'SERIALIZABLE' },
      );
      expect(level).toBe('serializable');
    });
  });
});
