import { SingleFlight } from './single-flight';

describe('SingleFlight', () => {
  it('shares one call among concurrent callers of a key and forgets it once settled', async () => {
    const flights = new SingleFlight();
    let calls = 0;
    const fn = async () => {
      calls += 1;
      return calls;
    };
    const [a, b] = await Promise.all([flights.run('k', fn), flights.run('k', fn)]);
    expect([a, b]).toEqual([1, 1]);
    expect(flights.size).toBe(0);
    expect(await flights.run('k', fn)).toBe(2);
  });

  it('keeps keys apart', async () => {
    const flights = new SingleFlight();
    const results = await Promise.all([flights.run('a', async () => 'a'), flights.run('b', async () => 'b')]);
    expect(results).toEqual(['a', 'b']);
  });

  it('clears the entry when fn throws synchronously', async () => {
    const flights = new SingleFlight();
    const failing = (() => {
      throw new Error('sync');
    }) as unknown as () => Promise<string>;
    await expect(flights.run('k', failing)).rejects.toThrow('sync');
    expect(flights.size).toBe(0);
    expect(await flights.run('k', async () => 'ok')).toBe('ok');
  });
});
