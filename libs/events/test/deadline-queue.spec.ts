import { DeadlineQueue } from '../src/utils/deadline-queue';

describe('DeadlineQueue', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('expires each live entry exactly at its own deadline with one timer', () => {
    const queue = new DeadlineQueue(1000);
    const expired: string[] = [];
    queue.add(() => expired.push('a'));
    jest.advanceTimersByTime(300);
    const b = queue.add(() => expired.push('b'));
    jest.advanceTimersByTime(300);
    queue.add(() => expired.push('c'));
    expect(jest.getTimerCount()).toBe(1);
    jest.advanceTimersByTime(399);
    expect(expired).toEqual([]);
    jest.advanceTimersByTime(1);
    expect(expired).toEqual(['a']);
    b.cancel();
    jest.advanceTimersByTime(300);
    expect(expired).toEqual(['a']);
    jest.advanceTimersByTime(300);
    expect(expired).toEqual(['a', 'c']);
    expect(jest.getTimerCount()).toBe(0);
  });

  it('never fires cancelled entries and keeps no memory for finished work', () => {
    const queue = new DeadlineQueue(50);
    const fired = jest.fn();
    for (let i = 0; i < 5000; i += 1) queue.add(fired).cancel();
    expect((queue as unknown as { entries: unknown[] }).entries).toHaveLength(0);
    jest.advanceTimersByTime(100);
    expect(fired).not.toHaveBeenCalled();
    queue.add(fired);
    queue.clear();
    jest.advanceTimersByTime(100);
    expect(fired).not.toHaveBeenCalled();
  });
});
