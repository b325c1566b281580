import { Readable } from 'node:stream';
import { mockCache, mockMonitoring, mockNoSql, mockOf, mockSql, mockStorage } from '@acb/testing';

describe('adapter mocks', () => {
  it('mockCache behaves like an empty cache until told otherwise', async () => {
    const cache = mockCache();
    expect(await cache.get('k')).toBeUndefined();
    expect(await cache.getMany(['a', 'b'])).toEqual([undefined, undefined]);
    expect(await cache.increment('n', 5)).toBe(5);
    expect(await cache.wrap('k', 10, async () => 'computed')).toBe('computed');

    cache.get.mockResolvedValueOnce('hit');
    expect(await cache.get('k')).toBe('hit');
    expect(await cache.get('k')).toBeUndefined();
    expect(cache.get).toHaveBeenCalledTimes(3);
  });

  it('mockSql returns no rows and runs a transaction with itself', async () => {
    const sql = mockSql();
    expect(await sql.fetchAll('SELECT 1')).toEqual([]);
    expect(await sql.execute('DELETE FROM t')).toEqual({ affected: 0, rows: [] });
    sql.fetchOne.mockResolvedValue({ id: 1 });
    const result = await sql.transaction(async (tx) => {
      await tx.execute('UPDATE t SET x = ?', [1]);
      return tx.fetchOne('SELECT id FROM t');
    });
    expect(result).toEqual({ id: 1 });
    expect(sql.execute).toHaveBeenCalledWith('UPDATE t SET x = ?', [1]);
    expect(sql.dialect).toBe('sqlite');
  });

  it('mockNoSql hands out one mocked collection per name', async () => {
    const nosql = mockNoSql();
    const users = nosql.collection('users');
    expect(nosql.collection('users')).toBe(users);
    expect(nosql.collection('orders')).not.toBe(users);
    expect(await users.insertOne({ name: 'a' })).toEqual({ _id: 'users-1', name: 'a' });

    nosql.collectionMock('users').count.mockResolvedValue(7);
    expect(await nosql.collection('users').count({})).toBe(7);
    expect(nosql.collection).toHaveBeenCalledWith('users');
  });

  it('mockStorage is an empty store whose read names the missing file', async () => {
    const storage = mockStorage();
    expect(await storage.exists('a.txt')).toBe(false);
    expect(await storage.list('')).toEqual([]);
    await expect(storage.read('a.txt')).rejects.toThrow('mockStorage: no file "a.txt"');
    expect(await storage.readStream('a.txt')).toBeInstanceOf(Readable);
    storage.read.mockResolvedValue(Buffer.from('hi'));
    expect((await storage.read('a.txt')).toString()).toBe('hi');
  });

  it('mockMonitoring returns the same mocked metric per name, for assertions', () => {
    const monitoring = mockMonitoring();
    const orders = monitoring.counter({ name: 'orders_total', help: 'orders' });
    orders.inc();
    expect(monitoring.counter({ name: 'orders_total', help: 'orders' })).toBe(orders);
    expect(orders.inc).toHaveBeenCalledTimes(1);
    const stop = monitoring.histogram({ name: 'latency', help: 'latency' }).startTimer();
    expect(typeof stop).toBe('function');
  });

  it('every mock answers the health ping (the adapters module and /health call it on any adapter)', async () => {
    for (const mock of [mockCache(), mockSql(), mockNoSql(), mockStorage(), mockMonitoring()]) {
      await expect(mock.ping()).resolves.toBeUndefined();
      expect(mock.ping).toHaveBeenCalledTimes(1);
    }
  });

  it('mockOf builds a typed mock of any interface', async () => {
    interface Mailer {
      readonly from: string;
      send(to: string, body: string): Promise<boolean>;
    }
    const mailer = mockOf<Mailer>({ from: 'shop@example.com' }, { send: async () => true });
    expect(await mailer.send('a@example.com', 'hi')).toBe(true);
    mailer.send.mockResolvedValueOnce(false);
    expect(await mailer.send('b@example.com', 'hi')).toBe(false);
    expect(mailer.send.mock.calls.map(([to]) => to)).toEqual(['a@example.com', 'b@example.com']);
    expect(mailer.from).toBe('shop@example.com');
  });
});
