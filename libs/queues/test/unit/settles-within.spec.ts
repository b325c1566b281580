import { settlesWithin } from '../../src/utils/settles-within';

describe('settlesWithin (the grace period of a graceful stop)', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('is true when the work settles before the deadline, and clears its timer', async () => {
    const waiting = settlesWithin(Promise.resolve('done'), 1000);
    await expect(waiting).resolves.toBe(true);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('is false when the deadline comes first', async () => {
    const waiting = settlesWithin(new Promise(() => undefined), 1000);
    jest.advanceTimersByTime(1000);
    await expect(waiting).resolves.toBe(false);
  });

  it('rejects with the work when it fails in time', async () => {
    await expect(settlesWithin(Promise.reject(new Error('close failed')), 1000)).rejects.toThrow('close failed');
    expect(jest.getTimerCount()).toBe(0);
  });
});
