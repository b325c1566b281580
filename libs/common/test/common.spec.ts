import {
  DEFAULT_BACKOFF,
  MissingPeerDependencyError,
  computeBackoffDelay,
  requireOptionalPeer,
  resolveBackoff,
  resolveMaxRetries,
  secondsToMs,
} from '@acb/common';

describe('backoff', () => {
  it('grows exponentially by the multiplier, capped, without jitter', () => {
    const backoff = resolveBackoff({ delayMs: 100, multiplier: 3, maxDelayMs: 1000, jitter: 0 });
    expect([1, 2, 3, 4].map((retry) => computeBackoffDelay(backoff, retry))).toEqual([100, 300, 900, 1000]);
  });

  it('keeps a fixed delay and applies jitter within [d * (1 - jitter), d]', () => {
    const backoff = resolveBackoff({ type: 'fixed', delayMs: 200, jitter: 0.5 });
    expect(computeBackoffDelay(backoff, 5, () => 0)).toBe(200);
    expect(computeBackoffDelay(backoff, 5, () => 0.999999)).toBe(100);
  });

  it('fills missing fields from the defaults', () => {
    expect(resolveBackoff({ delayMs: 5 })).toEqual({ ...DEFAULT_BACKOFF, delayMs: 5 });
  });

  it('accepts an integer retry count >= 0 and names the key otherwise', () => {
    expect(resolveMaxRetries(undefined, 3, 'x')).toBe(3);
    expect(resolveMaxRetries(0, 3, 'x')).toBe(0);
    expect(() => resolveMaxRetries(-1, 3, 'tasks.send_email')).toThrow(/tasks\.send_email: maxRetries must be an integer >= 0/);
    expect(() => resolveMaxRetries(1.5, 3, 'x')).toThrow(/got 1\.5/);
  });
});

describe('secondsToMs', () => {
  it('converts settings seconds to milliseconds', () => {
    expect(secondsToMs(300, 'k')).toBe(300_000);
    expect(secondsToMs('0.25', 'k')).toBe(250);
  });

  it('names the key of a bad value', () => {
    expect(() => secondsToMs(-1, 'workflows.default_timeout')).toThrow(/workflows\.default_timeout must be a number of seconds/);
    expect(() => secondsToMs('soon', 'k')).toThrow(/"soon"/);
  });
});

describe('requireOptionalPeer', () => {
  it('loads an installed package', () => {
    expect(requireOptionalPeer<typeof import('yaml')>('yaml', 'the config loader').parse('a: 1')).toEqual({ a: 1 });
  });

  it('names the package to install when it is missing', () => {
    let caught: unknown;
    try {
      requireOptionalPeer('acb-no-such-driver', 'the postgres sql adapter');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(MissingPeerDependencyError);
    expect((caught as Error).message).toMatch(/the postgres sql adapter needs the npm package "acb-no-such-driver".*npm install acb-no-such-driver/);
  });
});
