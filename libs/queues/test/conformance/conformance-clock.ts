/**
 * Time for the conformance suite: `fake` drives jest fake timers (memory backend), `real` sleeps (servers).
 * Every duration the suite uses is a multiple of `unitMs`, so a slow backend can ask for a larger unit.
 */
export interface ConformanceClock {
  readonly mode: 'fake' | 'real';
  readonly unitMs: number;
  /** Lets `ms` of time pass (fake: advances timers and flushes promises). */
  advance(ms: number): Promise<void>;
  /** Awaits `promise` while letting time pass in steps (fake timers cannot move on their own). */
  settle<T>(promise: Promise<T>, stepMs?: number, maxMs?: number): Promise<T>;
  /** Polls `check` until it returns true, letting time pass between polls; throws after `maxMs`. */
  eventually(check: () => Promise<boolean> | boolean, maxMs?: number, what?: string): Promise<void>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createClock(mode: 'fake' | 'real', unitMs: number): ConformanceClock {
  const advance = async (ms: number): Promise<void> => {
    if (mode === 'fake') await jest.advanceTimersByTimeAsync(ms);
    else await sleep(ms);
  };
  const step = () => (mode === 'fake' ? Math.max(1, Math.round(unitMs / 10)) : 20);
  return {
    mode,
    unitMs,
    advance,
    async settle<T>(promise: Promise<T>, stepMs = step(), maxMs = 200 * unitMs): Promise<T> {
      let done = false;
      let value: T | undefined;
      let failure: { error: unknown } | undefined;
      promise.then(
        (v) => {
          done = true;
          value = v;
        },
        (error: unknown) => {
          done = true;
          failure = { error };
        },
      );
      for (let waited = 0; !done; waited += stepMs) {
        if (waited > maxMs) throw new Error(`settle: the promise did not settle within ${maxMs} ms`);
        await advance(stepMs);
      }
      if (failure) throw failure.error;
      return value as T;
    },
    async eventually(check, maxMs = 200 * unitMs, what = 'condition'): Promise<void> {
      for (let waited = 0; ; waited += step()) {
        if (await check()) return;
        if (waited > maxMs) throw new Error(`eventually: ${what} not reached within ${maxMs} ms`);
        await advance(step());
      }
    },
  };
}
