// Pattern 1 — the service tested with mocks: no adapter is constructed, every call can be asserted.
import { Injectable } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { CacheAdapter, SqlAdapter, StorageAdapter } from '@acb/adapters';
import { AcbTestingModule, mockCache, mockSql, mockStorage, overrideAdapter } from '@acb/testing';
import { UserService } from './fixtures/user.service';
import { UserTestProvider } from './fixtures/user.providers';

describe('UserService with mocks', () => {
  it('reads through the cache, then the database (plain constructor, no Nest)', async () => {
    const cache = mockCache();
    const sql = mockSql();
    sql.fetchOne.mockResolvedValue(UserTestProvider.userData({ id: 7, name: 'John' }));
    const service = new UserService(cache, sql);

    const user = await service.getUser(7);

    expect(user?.name).toBe('John');
    expect(cache.get).toHaveBeenCalledWith('user:7');
    expect(sql.fetchOne).toHaveBeenCalledWith('SELECT id, name, email FROM users WHERE id = ?', [7]);
    expect(cache.set).toHaveBeenCalledWith('user:7', user, 300);
  });

  it('does not touch the database on a cache hit', async () => {
    const cache = mockCache();
    const sql = mockSql();
    cache.get.mockResolvedValue(UserTestProvider.userData({ id: 3 }));

    expect(await new UserService(cache, sql).getUser(3)).toEqual(UserTestProvider.userData({ id: 3 }));
    expect(sql.fetchOne).not.toHaveBeenCalled();
  });

  describe('in a testing module: AcbTestingModule.forRoot({ mocks })', () => {
    let moduleRef: TestingModule;
    const cache = mockCache();
    const sql = mockSql();

    beforeAll(async () => {
      moduleRef = await Test.createTestingModule({
        imports: [AcbTestingModule.forRoot({ mocks: { cache, sql } })],
        providers: [UserService],
      }).compile();
      await moduleRef.init();
    });

    afterAll(() => moduleRef.close());

    it('injects the mocks under the adapters\' abstract classes', async () => {
      expect(moduleRef.get(CacheAdapter)).toBe(cache);
      expect(moduleRef.get(SqlAdapter)).toBe(sql);
      sql.execute.mockResolvedValueOnce({ affected: 1, rows: [] });

      expect(await moduleRef.get(UserService).rename(1, 'Jane')).toBe(true);
      expect(sql.execute).toHaveBeenCalledWith('UPDATE users SET name = ? WHERE id = ?', ['Jane', 1]);
      expect(cache.delete).toHaveBeenCalledWith('user:1');
    });

    it('keeps the categories that are not mocked real', async () => {
      const storage = moduleRef.get(StorageAdapter);
      expect(storage.name).toBe('memory');
      await storage.write('a.txt', Buffer.from('x'));
      expect((await storage.read('a.txt')).toString()).toBe('x');
    });
  });

  describe('overrideAdapter(builder, category, mock) for an existing module', () => {
    @Injectable()
    class Archive {
      constructor(private readonly storage: StorageAdapter) {}
      save(name: string, body: string) {
        return this.storage.write(`archive/${name}`, Buffer.from(body));
      }
    }

    it('replaces the adapter of an application module in Test.createTestingModule', async () => {
      const storage = mockStorage();
      const builder = Test.createTestingModule({ imports: [AcbTestingModule.forRoot()], providers: [Archive] });
      const moduleRef = await overrideAdapter(builder, 'storage', storage).compile();
      await moduleRef.init();
      try {
        await moduleRef.get(Archive).save('a.txt', 'hello');
        expect(moduleRef.get(StorageAdapter)).toBe(storage);
        expect(storage.write).toHaveBeenCalledWith('archive/a.txt', Buffer.from('hello'));
      } finally {
        await moduleRef.close();
      }
    });
  });
});
