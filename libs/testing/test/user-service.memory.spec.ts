// Pattern 2 — the same service on the real embedded adapters (memory cache, SQLite :memory:): no server, no file.
import { Test, type TestingModule } from '@nestjs/testing';
import { CacheAdapter, SqlAdapter } from '@acb/adapters';
import { AcbTestingModule } from '@acb/testing';
import { UserService } from './fixtures/user.service';
import { userFactory } from './fixtures/user.providers';

describe('UserService on memory cache + SQLite :memory:', () => {
  let moduleRef: TestingModule;
  let service: UserService;

  beforeEach(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [AcbTestingModule.forRoot({ adapters: { cache: 'memory', sql: 'sqlite', storage: 'memory' } })],
      providers: [UserService],
    }).compile();
    await moduleRef.init();
    service = moduleRef.get(UserService);
    await service.createTable();
    userFactory.reset();
  });

  afterEach(() => moduleRef.close());

  it('creates a user, stores it in the database and caches it', async () => {
    const user = await service.createUser(userFactory.build({ name: 'John' }));

    expect(user).toEqual({ id: 1, name: 'John', email: 'user1@example.com' });
    expect(await moduleRef.get(SqlAdapter).fetchOne('SELECT name FROM users WHERE id = ?', [user.id])).toEqual({ name: 'John' });
    expect(await moduleRef.get(CacheAdapter).get(`user:${user.id}`)).toEqual(user);
    expect(await moduleRef.get(CacheAdapter).ttl(`user:${user.id}`)).toBeGreaterThan(0);
  });

  it('serves reads from the cache and sees renames after invalidation', async () => {
    const [first] = await Promise.all(userFactory.buildMany(3).map((data) => service.createUser(data)));
    await moduleRef.get(SqlAdapter).execute('UPDATE users SET name = ? WHERE id = ?', ['changed behind the cache', first.id]);
    expect((await service.getUser(first.id))?.name).toBe(first.name);

    expect(await service.rename(first.id, 'Jane')).toBe(true);
    expect((await service.getUser(first.id))?.name).toBe('Jane');
    expect(await service.countUsers()).toBe(3);
  });

  it('starts every test on an empty database (a new :memory: per testing module)', async () => {
    expect(await service.countUsers()).toBe(0);
    expect(await service.getUser(1)).toBeUndefined();
  });

  it('keeps the database constraint (duplicate email rejected)', async () => {
    await service.createUser({ name: 'A', email: 'same@example.com' });
    // NOTE: not rejects.toThrow: better-sqlite3's native addon is loaded once per jest worker and keeps the error class of
    // the first test file that loaded it, so in later files its errors are not `instanceof Error` of this file's realm.
    await expect(service.createUser({ name: 'B', email: 'same@example.com' })).rejects.toMatchObject({
      code: 'SQLITE_CONSTRAINT_UNIQUE',
    });
    expect(await service.countUsers()).toBe(1);
  });
});
