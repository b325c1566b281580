import { computeBackoffDelay, DEFAULT_BACKOFF } from '@acb/queues';

describe('computeBackoffDelay', () => {
  const exp = { type: 'exponential' as const, delayMs: 100, maxDelayMs: 1000, jitter: 0 };

  it('doubles per retry and caps at maxDelayMs', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => computeBackoffDelay(exp, n))).toEqual([100, 200, 400, 800, 1000, 1000]);
  });

  it('keeps a fixed delay fixed', () => {
    expect(computeBackoffDelay({ ...exp, type: 'fixed' }, 5)).toBe(100);
  });

  it('applies equal jitter: between (1 - jitter) and 1 times the delay', () => {
    const jittered = { ...exp, jitter: 0.5 };
    expect(computeBackoffDelay(jittered, 3, () => 0)).toBe(400);
    expect(computeBackoffDelay(jittered, 3, () => 0.999999)).toBe(200);
    for (let i = 0; i < 200; i++) {
      const d = computeBackoffDelay(jittered, 2);
      expect(d).toBeGreaterThanOrEqual(100);
      expect(d).toBeLessThanOrEqual(200);
    }
  });

  it('defaults to exponential from 1 s with half jitter, capped at 5 minutes', () => {
    expect(DEFAULT_BACKOFF).toEqual({ type: 'exponential', delayMs: 1000, maxDelayMs: 300_000, jitter: 0.5 });
  });
});
