import type { DataSource } from 'typeorm';
import { NotFoundError, RepositoryContext, ServicesConfigurationError, Spec, UnitOfWork } from '../src';
import { sqliteDataSource } from './support/data-sources';
import { MemoryCache } from './support/memory-cache';
import { userEntity } from './support/user.entity';
import { userRepositoryClass } from './support/user.repository';

// NOTE: jest 29 ignores `testTimeout` in a project entry; Nest apps and databases on a loaded machine need more than 5 s.
jest.setTimeout(30_000);

const User = userEntity('repo_users');
const UserRepository = userRepositoryClass(User);
const CachedUserRepository = userRepositoryClass(User, { cache: { entityTtlSeconds: 30, queryTtlSeconds: 10 } });

describe('Repository on SQLite', () => {
  let dataSource: DataSource;
  let context: RepositoryContext;

  beforeEach(async () => {
    dataSource = await sqliteDataSource([User]);
    context = new RepositoryContext({ dataSource });
  });

  afterEach(() => dataSource.destroy());

  it('creates, finds, updates, counts and deletes', async () => {
    const users = new UserRepository(context);
    const ann = await users.create({ name: 'ann', email: 'ann@example.com', age: 30 });
    expect(ann.id).toEqual(expect.any(Number));
    expect(ann.createdAt).toBeInstanceOf(Date);
    expect(ann).toBeInstanceOf(User);

    expect((await users.findById(ann.id))?.email).toBe('ann@example.com');
    expect((await users.findByEmail('ann@example.com'))?.id).toBe(ann.id);
    expect(await users.findByEmail('nobody@example.com')).toBeNull();

    const updated = await users.update(ann.id, { age: 31 });
    expect(updated.age).toBe(31);
    expect((await users.findById(ann.id))?.age).toBe(31);

    expect(await users.count()).toBe(1);
    expect(await users.exists({ email: 'ann@example.com' })).toBe(true);
    expect(await users.delete(ann.id)).toBe(true);
    expect(await users.delete(ann.id)).toBe(false);
    expect(await users.exists({ email: 'ann@example.com' })).toBe(false);
  });

  it('paginates with a total, ordered by primary key unless told', async () => {
    const users = new UserRepository(context);
    await users.createMany(Array.from({ length: 25 }, (_, i) => ({ name: `u${i}`, email: `u${i}@example.com`, age: i })));

    const first = await users.find({}, { page: 1, limit: 10 });
    expect(first.total).toBe(25);
    expect(first.items.map((u) => u.name)).toEqual(Array.from({ length: 10 }, (_, i) => `u${i}`));
    const last = await users.find({}, { page: 3, limit: 10 });
    expect(last.items.map((u) => u.name)).toEqual(['u20', 'u21', 'u22', 'u23', 'u24']);
    expect(last).toMatchObject({ page: 3, limit: 10, total: 25 });

    const adults = await users.find(Spec.gte('age', 18), { limit: 3, order: { age: 'DESC' } });
    expect(adults.total).toBe(7);
    expect(adults.items.map((u) => u.age)).toEqual([24, 23, 22]);
  });

  it('updates and deletes by criteria or specification', async () => {
    const users = new UserRepository(context);
    await users.createMany([
      { name: 'a', email: 'a@x', age: 10 },
      { name: 'b', email: 'b@x', age: 20 },
      { name: 'c', email: 'c@x', age: 30 },
    ]);
    expect(await users.updateWhere(Spec.gte('age', 20), { status: 'adult' })).toBe(2);
    expect(await users.count({ status: 'adult' })).toBe(2);
    expect(await users.deleteWhere(Spec.lt('age', 15))).toBe(1);
    expect(await users.updateWhere({ name: 'nobody' }, { status: 'x' })).toBe(0);
    expect(await users.count()).toBe(2);
  });

  it('treats null as IS NULL and refuses undefined criteria (TypeORM would match every row)', async () => {
    const users = new UserRepository(context);
    await users.createMany([
      { name: 'a', email: 'a@x', age: null },
      { name: 'b', email: 'b@x', age: 5 },
    ]);
    expect((await users.findOne({ age: null }))?.name).toBe('a');
    await expect(users.findOne({ email: undefined })).rejects.toThrow(ServicesConfigurationError);
    await expect(users.findOne({ email: undefined })).rejects.toThrow(/email: undefined/);
  });

  it('throws NotFoundError when updating or getting a missing row', async () => {
    const users = new UserRepository(context);
    await expect(users.update(999, { age: 1 })).rejects.toBeInstanceOf(NotFoundError);
    await expect(users.getById(999)).rejects.toMatchObject({ code: 'NOT_FOUND', context: { id: 999 } });
  });

  it('explains a missing DataSource', async () => {
    const users = new UserRepository(new RepositoryContext({ dataSource: () => undefined }));
    await expect(users.count()).rejects.toThrow(/TypeORM DataSource/);
  });

  it('follows a DataSource that is replaced and rejects (never throws) while there is none', async () => {
    let current: DataSource | undefined;
    const users = new UserRepository(new RepositoryContext({ dataSource: () => current }));
    const pending = users.findById(1);
    await expect(pending).rejects.toThrow(ServicesConfigurationError);
    current = dataSource;
    const ann = await users.create({ name: 'ann', email: 'ann@example.com', age: 30 });
    const other = await sqliteDataSource([User]);
    try {
      current = other;
      expect(await users.findById(ann.id)).toBeNull();
      expect(await users.findOne({ email: 'ann@example.com' })).toBeNull();
      current = dataSource;
      expect((await users.findById(ann.id))?.email).toBe('ann@example.com');
      expect((await users.findOne({ email: 'ann@example.com' }))?.id).toBe(ann.id);
    } finally {
      await other.destroy();
    }
  });

  it('resolves the entity metadata again after the DataSource is destroyed and initialised anew', async () => {
    const users = new UserRepository(context);
    await users.create({ name: 'ann', email: 'ann@example.com', age: 30 });
    const before = users.metadata;
    await dataSource.destroy();
    await dataSource.initialize();
    expect(users.metadata).not.toBe(before);
    expect(users.metadata).toBe(dataSource.getMetadata(User));
    const bob = await users.create({ name: 'bob', email: 'bob@example.com', age: 40 });
    expect((await users.findById(bob.id))?.email).toBe('bob@example.com');
  });

  describe('with a cache', () => {
    let cache: MemoryCache;
    let cachedContext: RepositoryContext;

    beforeEach(() => {
      cache = new MemoryCache();
      cachedContext = new RepositoryContext({ dataSource, cache });
    });

    async function seeded() {
      const users = new CachedUserRepository(cachedContext);
      const ann = await users.create({ name: 'ann', email: 'ann@example.com', age: 30 });
      return { users, ann };
    }

    it('serves repeated reads from the cache, as entity instances with dates', async () => {
      const { users, ann } = await seeded();
      await users.findById(ann.id);
      const queries = jest.spyOn(users.typeorm, 'findOne');
      const hit = await users.findById(ann.id);
      await users.findById(ann.id);
      expect(queries).not.toHaveBeenCalled();
      expect(hit).toBeInstanceOf(User);
      expect(hit?.createdAt).toBeInstanceOf(Date);
      expect(hit?.email).toBe('ann@example.com');
    });

    it('invalidates entities, pages and counts on every write', async () => {
      const { users, ann } = await seeded();
      expect(await users.count()).toBe(1);
      expect((await users.find({ status: 'active' })).total).toBe(1);
      expect((await users.findById(ann.id))?.age).toBe(30);
      expect(await users.count()).toBe(1);

      await users.create({ name: 'bob', email: 'bob@example.com', age: 20 });
      expect(await users.count()).toBe(2);
      expect((await users.find({ status: 'active' })).total).toBe(2);

      await users.update(ann.id, { age: 31 });
      expect((await users.findById(ann.id))?.age).toBe(31);

      await users.updateWhere({ name: 'bob' }, { status: 'gone' });
      expect((await users.find({ status: 'active' })).total).toBe(1);

      await users.delete(ann.id);
      expect(await users.findById(ann.id)).toBeNull();
      expect(await users.exists({ email: 'ann@example.com' })).toBe(false);

      await users.deleteWhere({ name: 'bob' });
      expect(await users.count()).toBe(0);
    });

    it('keys queries by their criteria', async () => {
      const { users } = await seeded();
      await users.create({ name: 'bob', email: 'bob@example.com', age: 20 });
      expect(await users.count(Spec.gt('age', 25))).toBe(1);
      expect(await users.count(Spec.gt('age', 10))).toBe(2);
      expect(await users.count({ name: 'bob' })).toBe(1);
      expect(await users.count({ name: 'ann' })).toBe(1);
    });

    it('expires entries after their TTL', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
      try {
        const { users, ann } = await seeded();
        await users.findById(ann.id);
        await dataSource.query(`UPDATE repo_users SET age = 99 WHERE id = ?`, [ann.id]);
        expect((await users.findById(ann.id))?.age).toBe(30);
        jest.advanceTimersByTime(31_000);
        expect((await users.findById(ann.id))?.age).toBe(99);
      } finally {
        jest.useRealTimers();
      }
    });

    it('does not read the cache inside a transaction and invalidates after commit', async () => {
      const { users, ann } = await seeded();
      expect(await users.count()).toBe(1);
      const uow = new UnitOfWork(cachedContext);
      await uow.run(async (session) => {
        const tx = session.getRepository(CachedUserRepository);
        await tx.create({ name: 'bob', email: 'bob@example.com', age: 20 });
        expect(await tx.count()).toBe(2);
      });
      expect(await users.count()).toBe(2);
      expect((await users.findById(ann.id))?.name).toBe('ann');
    });

    it('a rolled-back write leaves cached reads valid and the row absent', async () => {
      const { users } = await seeded();
      expect(await users.count()).toBe(1);
      const uow = new UnitOfWork(cachedContext);
      await expect(
        uow.run(async (session) => {
          await session.getRepository(CachedUserRepository).create({ name: 'bob', email: 'bob@example.com', age: 20 });
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await users.count()).toBe(1);
      expect(await users.findByEmail('bob@example.com')).toBeNull();
    });

    it('a local layer serves hits without the shared cache and sees other processes\' writes within its TTL', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
      try {
        const local = new RepositoryContext({ dataSource, cache, localCache: { ttlMs: 1000 } });
        const otherProcess = new RepositoryContext({ dataSource, cache });
        const users = new CachedUserRepository(local);
        const ann = await users.create({ name: 'ann', email: 'ann@example.com', age: 30 });
        await users.findById(ann.id);
        await users.findById(ann.id);
        const reads = cache.calls.get;
        const hit = await users.findById(ann.id);
        expect(cache.calls.get).toBe(reads);
        expect(hit?.age).toBe(30);

        await users.update(ann.id, { age: 31 });
        expect((await users.findById(ann.id))?.age).toBe(31);

        await new CachedUserRepository(otherProcess).update(ann.id, { age: 32 });
        expect((await users.findById(ann.id))?.age).toBe(31);
        jest.advanceTimersByTime(1001);
        expect((await users.findById(ann.id))?.age).toBe(32);
      } finally {
        jest.useRealTimers();
      }
    });

    it('revives a tampered cache entry without letting __proto__ or constructor through', async () => {
      const { users, ann } = await seeded();
      await users.findById(ann.id);
      const key = cache.keys().find((candidate) => candidate.includes(':id:'))!;
      const entry = (await cache.get<{ g: number; v: Record<string, unknown> }>(key))!;
      const tampered = JSON.parse(`{"__proto__":{"polluted":"yes"},"constructor":{"name":"evil"},${JSON.stringify(entry.v).slice(1)}`);
      await cache.set(key, { g: entry.g, v: tampered });
      const hit = await users.findById(ann.id);
      expect(hit).toBeInstanceOf(User);
      expect(hit?.email).toBe('ann@example.com');
      expect(hit?.createdAt).toBeInstanceOf(Date);
      expect((hit as unknown as Record<string, unknown>).polluted).toBeUndefined();
      expect(Object.hasOwn(hit as object, 'constructor')).toBe(false);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it('keeps numeric-id and criteria reads apart in the local layer and drops both on a write', async () => {
      jest.useFakeTimers({ doNotFake: ['nextTick', 'setImmediate'] });
      try {
        const users = new CachedUserRepository(new RepositoryContext({ dataSource, cache, localCache: { ttlMs: 1000 } }));
        const ann = await users.create({ name: 'ann', email: 'ann@example.com', age: 30 });
        const bob = await users.create({ name: 'bob', email: 'bob@example.com', age: 40 });
        for (let i = 0; i < 2; i += 1) {
          expect((await users.findById(ann.id))?.name).toBe('ann');
          expect((await users.findByEmail('bob@example.com'))?.name).toBe('bob');
        }
        const reads = cache.calls.get;
        expect((await users.findById(ann.id))?.name).toBe('ann');
        expect((await users.findById(bob.id))?.name).toBe('bob');
        expect((await users.findByEmail('bob@example.com'))?.id).toBe(bob.id);
        expect(cache.calls.get).toBeGreaterThan(reads); // bob by id was not read before: one shared read
        const afterBob = cache.calls.get;
        expect((await users.findById(bob.id))?.name).toBe('bob');
        expect(cache.calls.get).toBe(afterBob);

        await users.update(ann.id, { name: 'anna' });
        expect((await users.findById(ann.id))?.name).toBe('anna');
        await users.update(bob.id, { email: 'robert@example.com' });
        expect(await users.findByEmail('bob@example.com')).toBeNull();
        expect((await users.findById(bob.id))?.email).toBe('robert@example.com');
      } finally {
        jest.useRealTimers();
      }
    });

    it('follows the context default when the repository does not choose', async () => {
      const Plain = userRepositoryClass(User);
      const users = new Plain(new RepositoryContext({ dataSource, cache, defaultCache: { queryTtlSeconds: 5 } }));
      expect(users.cached).toBe(true);
      await users.create({ name: 'ann', email: 'ann@example.com', age: 30 });
      expect(await users.count()).toBe(1);
      expect(await users.count()).toBe(1);
      expect(cache.keys().some((key) => key.includes(':count:'))).toBe(true);
      expect(await cache.ttl(cache.keys().find((key) => key.includes(':count:'))!)).toBeLessThanOrEqual(5);
    });

    it('stays off when the repository says cache: false', async () => {
      const users = new UserRepository(cachedContext);
      await users.create({ name: 'ann', email: 'ann@example.com', age: 30 });
      await users.count();
      await users.count();
      expect(users.cached).toBe(false);
      expect(cache.calls.get).toBe(0);
    });
  });
});
